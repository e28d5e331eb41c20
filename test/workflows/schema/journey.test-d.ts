import { describe, expectTypeOf, it } from 'vitest';
import type {
  BranchStep,
  Campaign,
  Channel,
  Condition,
  ExitStep,
  GrantStep,
  Journey,
  JourneyInput,
  Moment,
  SendStep,
  SplitStep,
  SplitVariant,
  Step,
  StepKind,
  Tier,
  Trigger,
  UpdateStep,
  WaitForStep,
  WaitStep,
} from '../../../workflows/schema/index.ts';
import { checkEvery, type DEFAULT_CHECK_EVERY } from '../../../workflows/schema/index.ts';

type Kinds = 'wait' | 'wait_for' | 'branch' | 'split' | 'holdout' | 'send' | 'grant' | 'update' | 'exit';
type Channels = 'email' | 'sms' | 'push' | 'in_app' | 'webhook';

describe('Step', () => {
  it('is not any', () => {
    expectTypeOf<Step>().not.toBeAny();
    expectTypeOf<Journey>().not.toBeAny();
  });

  it('has exactly the nine kinds', () => {
    expectTypeOf<Step['kind']>().toEqualTypeOf<Kinds>();
    expectTypeOf<StepKind>().toEqualTypeOf<Kinds>();
  });

  it('narrows by kind to the step type of that kind', () => {
    expectTypeOf<Extract<Step, { kind: 'wait' }>>().toEqualTypeOf<WaitStep>();
    expectTypeOf<Extract<Step, { kind: 'wait_for' }>>().toEqualTypeOf<WaitForStep>();
    expectTypeOf<Extract<Step, { kind: 'branch' }>>().toEqualTypeOf<BranchStep>();
    expectTypeOf<Extract<Step, { kind: 'split' }>>().toEqualTypeOf<SplitStep>();
    expectTypeOf<Extract<Step, { kind: 'send' }>>().toEqualTypeOf<SendStep>();
    expectTypeOf<Extract<Step, { kind: 'grant' }>>().toEqualTypeOf<GrantStep>();
    expectTypeOf<Extract<Step, { kind: 'update' }>>().toEqualTypeOf<UpdateStep>();
    expectTypeOf<Extract<Step, { kind: 'exit' }>>().toEqualTypeOf<ExitStep>();
  });

  it('gives every step a string id and an optional label', () => {
    expectTypeOf<Step['id']>().toEqualTypeOf<string>();
    expectTypeOf<Step['label']>().toEqualTypeOf<string | undefined>();
  });

  it('types the channel of a send step as the channel union', () => {
    expectTypeOf<SendStep['channel']>().toEqualTypeOf<Channels>();
    expectTypeOf<Channel>().toEqualTypeOf<Channels>();
    expectTypeOf<SendStep['offer']>().toEqualTypeOf<string | undefined>();
  });

  it('fills step defaults in the output type', () => {
    expectTypeOf<GrantStep['once_per_customer']>().toEqualTypeOf<boolean>();
  });

  it('keeps check_every optional after parsing, with checkEvery giving the effective value', () => {
    expectTypeOf<WaitForStep['check_every']>().toEqualTypeOf<string | undefined>();
    expectTypeOf(checkEvery).parameter(0).toEqualTypeOf<WaitForStep>();
    expectTypeOf(checkEvery).returns.toEqualTypeOf<string>();
    expectTypeOf<typeof DEFAULT_CHECK_EVERY>().toExtend<string>();
  });

  it('keeps optional links optional and required links required', () => {
    expectTypeOf<WaitStep['next']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<WaitForStep['on_event']>().toEqualTypeOf<string>();
    expectTypeOf<WaitForStep['on_timeout']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<BranchStep['default']>().toEqualTypeOf<string>();
    expectTypeOf<BranchStep['cases'][number]['when']>().toEqualTypeOf<Condition>();
  });

  it('types a wait until a moment as a date-time text or a campaign-relative moment', () => {
    expectTypeOf<WaitStep['until']>().toEqualTypeOf<Moment | undefined>();
    expectTypeOf<Moment>().toEqualTypeOf<
      string | { date: string; offset?: string | undefined; time?: string | undefined }
    >();
  });

  it('types split weights as numbers', () => {
    expectTypeOf<SplitVariant>().toEqualTypeOf<{ name: string; weight: number; next: string }>();
    expectTypeOf<SplitStep['variants']>().toEqualTypeOf<SplitVariant[]>();
  });

  it('types update values as scalars', () => {
    expectTypeOf<UpdateStep['set']>().toEqualTypeOf<Record<string, string | number | boolean> | undefined>();
  });

  it('rejects a step of an unknown kind or a send step on an unknown channel', () => {
    expectTypeOf<{ id: string; kind: 'sms' }>().not.toExtend<Step>();
    expectTypeOf<{ id: string; kind: 'send'; channel: 'fax'; template: string }>().not.toExtend<Step>();
    expectTypeOf<{
      id: string;
      kind: 'send';
      channel: 'sms';
      template: string;
      only_holders: boolean;
    }>().toExtend<Step>();
  });
});

describe('Journey', () => {
  it('has a number holdout after defaults, optional before', () => {
    expectTypeOf<Journey['holdout']>().toEqualTypeOf<number>();
    expectTypeOf<JourneyInput['holdout']>().toEqualTypeOf<number | undefined>();
  });

  it('always has entry rules after defaults', () => {
    expectTypeOf<Journey['entry']>().toEqualTypeOf<{
      reentry: 'never' | { after: string };
      max_entries?: number | undefined;
      only?: Condition | undefined;
    }>();
    expectTypeOf<JourneyInput['entry']>().toEqualTypeOf<
      | {
          reentry?: 'never' | { after: string } | undefined;
          max_entries?: number | undefined;
          only?: unknown;
        }
      | undefined
    >();
  });

  it('has typed scalar fields', () => {
    expectTypeOf<Journey['id']>().toEqualTypeOf<string>();
    expectTypeOf<Journey['name']>().toEqualTypeOf<string>();
    expectTypeOf<Journey['version']>().toEqualTypeOf<number>();
  });

  it('has a list of steps and an optional campaign and goal', () => {
    expectTypeOf<Journey['steps']>().toEqualTypeOf<Step[]>();
    expectTypeOf<Journey['campaign']>().toEqualTypeOf<Campaign | undefined>();
    expectTypeOf<Campaign['dates']>().toEqualTypeOf<Record<string, string>>();
    expectTypeOf<NonNullable<Journey['goal']>['event']>().toEqualTypeOf<string>();
  });

  it('has an event or schedule trigger', () => {
    expectTypeOf<Journey['trigger']>().toEqualTypeOf<Trigger>();
    expectTypeOf<Trigger['kind']>().toEqualTypeOf<'event' | 'schedule'>();
  });

  it('does not accept input without defaults where a parsed journey is expected', () => {
    expectTypeOf<JourneyInput>().not.toExtend<Journey>();
    expectTypeOf<Journey>().toExtend<JourneyInput>();
  });
});

describe('Condition', () => {
  it('types tiers as the three member tiers', () => {
    expectTypeOf<Tier>().toEqualTypeOf<'H' | 'E' | 'A'>();
    expectTypeOf<{ tier: Tier[] }>().toExtend<Condition>();
    expectTypeOf<{ tier: 'X'[] }>().not.toExtend<Condition>();
  });

  it('nests with and, or and not', () => {
    expectTypeOf<{
      not: { and: [{ tier: ['H'] }, { attribute: string; op: 'gte'; value: number }] };
    }>().toExtend<Condition>();
    expectTypeOf<{ attribute: string; op: 'between'; value: number }>().not.toExtend<Condition>();
  });
});
