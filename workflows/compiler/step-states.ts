import { durationSeconds } from '../language/duration.ts';
import { type Edge, END } from '../language/journey-graph.ts';
import { resolveMoment } from '../language/moment.ts';
import {
  type BranchStep,
  checkEvery,
  type Journey,
  type SplitStep,
  type Step,
  type WaitForStep,
  type WaitStep,
} from '../schema/index.ts';
import { type AslState, type Json, placeholder } from './asl.ts';
import { STATE, sub } from './names.ts';
import { withResilience } from './resilience.ts';
import { type MapOptions, shardMap } from './shard-map.ts';

export interface StepContext {
  readonly journey: Journey;
  readonly options: MapOptions;
  /** The edges out of this step, in the order the step defines them. */
  readonly edges: readonly Edge[];
  /** The state that begins a step, or the journey end. */
  stateOf(stepId: string): string;
}

type States = Record<string, AslState>;

/** The ASL states of one step; the first returned state is the step's entry. */
export function stepStates(step: Step, context: StepContext): States {
  switch (step.kind) {
    case 'wait':
      return waitStates(step, context);
    case 'wait_for':
      return waitForStates(step, context);
    case 'branch':
    case 'split':
      return partitionAndForkStates(step, context);
    case 'holdout':
      // Those held out leave their shards; the rest go on with the same cohort, so no fork.
      return {
        [step.id]: shardMap(
          step.id,
          'Partition',
          { operation: 'holdout', ...shardPayload(step, context) },
          nextOf(context),
          context.options,
          describe(step),
        ),
      };
    case 'send':
      return {
        [step.id]: shardMap(
          step.id,
          'Send',
          shardPayload(step, context),
          nextOf(context),
          context.options,
          describe(step),
        ),
      };
    case 'grant':
      return {
        [step.id]: shardMap(
          step.id,
          'Grant',
          shardPayload(step, context),
          nextOf(context),
          context.options,
          describe(step),
        ),
      };
    case 'update':
      return {
        [step.id]: shardMap(
          step.id,
          'Update',
          shardPayload(step, context),
          nextOf(context),
          context.options,
          describe(step),
        ),
      };
    case 'exit':
      return {
        [step.id]: shardMap(
          step.id,
          'Record',
          { operation: 'exit', stepId: step.id, ...goalPayload(context) },
          STATE.done,
          context.options,
          describe(step),
        ),
      };
    default:
      return assertNever(step);
  }
}

function describe(step: Step): string {
  return step.label ? `${step.kind}: ${step.label}` : step.kind;
}

function nextOf(context: StepContext): string {
  const edge = context.edges[0];
  return context.stateOf(edge?.to ?? END);
}

function goalPayload(context: StepContext): Record<string, Json> {
  return context.journey.goal ? { goal: context.journey.goal as unknown as Json } : {};
}

function shardPayload(step: Step, context: StepContext): Record<string, Json> {
  return { step: step as unknown as Json, ...goalPayload(context) };
}

function waitStates(step: WaitStep, context: StepContext): States {
  if (step.duration !== undefined) {
    return {
      [step.id]: {
        Type: 'Wait',
        Comment: describe(step),
        Seconds: durationSeconds(step.duration),
        Next: nextOf(context),
      },
    };
  }
  const zone =
    context.journey.campaign?.timezone ??
    (context.journey.trigger.kind === 'schedule' ? context.journey.trigger.timezone : 'UTC');
  const until =
    step.until === undefined ? undefined : resolveMoment(step.until, context.journey.campaign, zone);
  if (!until?.ok)
    throw new Error(
      `step "${step.id}" has an unresolvable "until"; validate the journey before compiling it`,
    );
  return {
    [step.id]: {
      Type: 'Wait',
      Comment: describe(step),
      Timestamp: until.at.toUTC().toISO({ suppressMilliseconds: true }) ?? '',
      Next: nextOf(context),
    },
  };
}

/**
 * Branch and split: a partition Map writes one sub-cohort per label, then a fork starts an
 * execution for every label but the first, and this execution goes on with the first.
 */
function partitionAndForkStates(step: BranchStep | SplitStep, context: StepContext): States {
  const fork = sub(step.id, 'Fork');
  const proceed = sub(step.id, 'Continue');
  const [first] = context.edges;
  if (!first) throw new Error(`step "${step.id}" has no way out`);
  return {
    [step.id]: shardMap(
      step.id,
      'Partition',
      { operation: step.kind, ...shardPayload(step, context) },
      fork,
      context.options,
      describe(step),
    ),
    [fork]: forkTask(step.id, context.edges, first.label, proceed, {}),
    [proceed]: continueChoice(context.stateOf(first.to)),
  };
}

/**
 * wait_for: wait a check interval, move the customers who did the event into a sub-cohort that
 * starts its own execution at on_event, and loop until the timeout; those left take on_timeout.
 */
function waitForStates(step: WaitForStep, context: StepContext): States {
  const eventEdge = context.edges.find((edge) => edge.label === 'event');
  const timeoutEdge = context.edges.find((edge) => edge.label === 'timeout');
  if (!eventEdge || !timeoutEdge)
    throw new Error(`wait_for step "${step.id}" needs an event and a timeout edge`);
  const every = durationSeconds(checkEvery(step));
  const checks = Math.ceil(durationSeconds(step.timeout) / every);
  const [wait, check, anyMoved, fork, count, more] = [
    'Wait',
    'Check',
    'AnyMoved',
    'Fork',
    'Count',
    'More',
  ].map((part) => sub(step.id, part)) as [string, string, string, string, string, string];
  return {
    [step.id]: {
      Type: 'Pass',
      Comment: describe(step),
      Result: { checks: 0 },
      ResultPath: '$.waitFor',
      Next: wait,
    },
    [wait]: { Type: 'Wait', Seconds: every, Next: check },
    [check]: shardMap(
      check,
      'Partition',
      { operation: 'wait_for_check', 'check.$': '$.waitFor.checks', ...shardPayload(step, context) },
      anyMoved,
      context.options,
      `check for ${step.event}`,
      { anyMovedAt: '$.waitFor.moved' },
    ),
    // Most checks move nobody: then there is no sub-cohort to start and the cohort is unchanged.
    [anyMoved]: {
      Type: 'Choice',
      Choices: [{ Variable: '$.waitFor.moved.any', BooleanEquals: true, Next: fork }],
      Default: count,
    },
    [fork]: forkTask(step.id, [eventEdge], undefined, count, { 'check.$': '$.waitFor.checks' }),
    [count]: {
      Type: 'Pass',
      Parameters: { 'checks.$': 'States.MathAdd($.waitFor.checks, 1)' },
      ResultPath: '$.waitFor',
      Next: more,
    },
    [more]: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.cohort.size', NumericEquals: 0, Next: STATE.done },
        { Variable: '$.waitFor.checks', NumericLessThan: checks, Next: wait },
      ],
      Default: context.stateOf(timeoutEdge.to),
    },
  };
}

function forkTask(
  stepId: string,
  edges: readonly Edge[],
  continueWith: string | undefined,
  next: string,
  extra: Record<string, Json>,
): AslState {
  return withResilience({
    Type: 'Task',
    Resource: placeholder('Fork'),
    Parameters: {
      'run.$': '$.run',
      'parent.$': '$.cohort',
      stepId,
      routes: edges.map((edge) => ({ label: edge.label, at: edge.to })),
      ...(continueWith === undefined ? {} : { continueWith }),
      ...extra,
    },
    ResultPath: '$.cohort',
    Next: next,
  });
}

function continueChoice(next: string): AslState {
  return {
    Type: 'Choice',
    Choices: [{ Variable: '$.cohort.size', NumericEquals: 0, Next: STATE.done }],
    Default: next,
  };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled step: ${JSON.stringify(value)}`);
}
