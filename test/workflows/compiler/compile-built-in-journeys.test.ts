import { describe, expect, test } from 'vitest';
import { forEachState } from '../../../engine/asl-bindings.ts';
import { placeholder, roleOfResource, type StateMachineDefinition } from '../../../workflows/compiler/asl.ts';
import { compileJourney } from '../../../workflows/compiler/compile.ts';
import { STATE } from '../../../workflows/compiler/names.ts';
import { aslProblems } from '../../../workflows/compiler/validate-asl.ts';
import type { Journey } from '../../../workflows/schema/index.ts';
import { loadWorkspace } from '../../../workflows/workspace/workspace.ts';

const workspace = loadWorkspace('workflows');
const builtIns = workspace.journeys.map((loaded) => loaded.journey);

function allKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) allKeys(item, keys);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      keys.add(key);
      allKeys(child, keys);
    }
  }
  return keys;
}

function resources(definition: StateMachineDefinition): string[] {
  const found: string[] = [];
  forEachState(definition, (_, state) => {
    if (state.Type === 'Task') found.push(String(state.Resource));
  });
  return found;
}

describe('compiling the built-in journeys', () => {
  test('there are four built-in journeys and all are valid', () => {
    expect(workspace.violations).toEqual([]);
    expect(builtIns.map((journey) => journey.id).sort()).toEqual([
      'cart-nudge',
      'first-purchase-gift',
      'preheat-618',
      'retouch-non-converters',
    ]);
  });

  test.each(
    builtIns.flatMap((journey) =>
      (['inline', 'distributed'] as const).map((mapMode) => ({ journey, mapMode })),
    ),
  )('$journey.id compiles in $mapMode mode to ASL that passes asl-validator', ({ journey, mapMode }) => {
    const definition = compileJourney(journey, { mapMode });
    expect(aslProblems(definition)).toEqual([]);
  });

  test.each(builtIns)('$id uses JSONPath only: no JSONata, Variables or TimeoutSeconds', (journey) => {
    const keys = allKeys(compileJourney(journey));
    for (const banned of ['QueryLanguage', 'Arguments', 'Output', 'Assign', 'TimeoutSeconds']) {
      expect(keys.has(banned), banned).toBe(false);
    }
  });

  test.each(builtIns)(
    '$id refers to Lambda functions only through <Role>FunctionArn placeholders',
    (journey) => {
      const used = resources(compileJourney(journey));
      expect(used.length).toBeGreaterThan(0);
      for (const resource of used) expect(roleOfResource(resource), resource).toBeDefined();
    },
  );

  test('distributed mode runs shard items as Express children with the given concurrency; nothing else changes', () => {
    // Prepare
    const journey = builtIns.find((candidate) => candidate.id === 'preheat-618') as Journey;

    // Act
    const inline = compileJourney(journey);
    const distributed = compileJourney(journey, { mapMode: 'distributed', maxConcurrency: 250 });

    // Assess
    const enter = distributed.States['Journey.Enter'] as Record<string, unknown>;
    expect(enter.ItemProcessor).toMatchObject({
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
    });
    expect(enter.MaxConcurrency).toBe(250);
    const normalize = (definition: StateMachineDefinition) =>
      JSON.stringify(definition)
        .replaceAll('{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"}', '{"Mode":"INLINE"}')
        // The snapshot Map's Standard children (checked on their own below).
        .replaceAll('{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"}', '{"Mode":"INLINE"}')
        .replaceAll('"MaxConcurrency":250', '"MaxConcurrency":10');
    expect(normalize(distributed)).toBe(normalize(inline));
  });

  test('every Map iterates over shard numbers, never over customers, and keeps at most one flag', () => {
    for (const journey of builtIns) {
      forEachState(compileJourney(journey), (name, state) => {
        if (state.Type !== 'Map' || name === STATE.snapshot) return;
        expect(state.ItemsPath, name).toBe('$.cohort.shards');
        const processor = state.ItemProcessor as { States: Record<string, { OutputPath?: string }> };
        for (const task of Object.values(processor.States)) expect(task.OutputPath, name).toBe('$.moved');
        if (name.endsWith('.Check')) {
          expect(state.ResultSelector, name).toEqual({ 'any.$': 'States.ArrayContains($, true)' });
          expect(state.ResultPath, name).toBe('$.waitFor.moved');
        } else {
          expect(state.ResultPath, name).toBeNull();
        }
      });
    }
  });

  test('a scheduled run snapshots its audience segment by segment, then describes the cohort it enters with', () => {
    // Act
    const definition = compileJourney(
      builtIns.find((candidate) => candidate.id === 'preheat-618') as Journey,
    );

    // Assess: preheat's branch forks cohorts, so a route comes first; a new run goes to the snapshot.
    expect(definition.StartAt).toBe(STATE.route);
    expect(definition.States[STATE.route]).toMatchObject({ Default: STATE.snapshot });
    expect(definition.States[STATE.snapshot]).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.audience.segments',
      ItemSelector: {
        operation: 'segment',
        'segment.$': '$$.Map.Item.Value',
        'segments.$': 'States.ArrayLength($.audience.segments)',
        'pastRunId.$': '$.audience.pastRunId',
      },
      ResultPath: null,
      Next: STATE.describeCohort,
    });
    expect(definition.States[STATE.describeCohort]).toMatchObject({
      Type: 'Task',
      Resource: placeholder('Snapshot'),
      Parameters: { operation: 'describe' },
      ResultPath: '$.cohort',
      Next: STATE.anyoneToEnter,
    });
    expect(definition.States[STATE.anyoneToEnter]).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.cohort.size', NumericEquals: 0, Next: STATE.done }],
      Default: STATE.enter,
    });
  });

  test('an event journey has no snapshot: its cohort is formed before the run starts', () => {
    for (const journey of builtIns.filter((candidate) => candidate.trigger.kind === 'event')) {
      const definition = compileJourney(journey);
      expect(definition.States[STATE.snapshot], journey.id).toBeUndefined();
      expect(JSON.stringify(definition), journey.id).not.toContain('SnapshotFunctionArn');
    }
  });

  test('the snapshot Map runs distributed, with Standard children ten at a time, when compiled for AWS', () => {
    // Act
    const definition = compileJourney(
      builtIns.find((candidate) => candidate.id === 'preheat-618') as Journey,
      {
        mapMode: 'distributed',
      },
    );

    // Assess
    // Standard children, since a segment can outlive an Express child's 5 minutes; few at once, since
    // ten segments already fill a warm table's write quota.
    expect(definition.States[STATE.snapshot]).toMatchObject({
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
      MaxConcurrency: 10,
    });
  });

  test('a cohort forked to a step mid-journey is routed straight to that step', () => {
    const journey = builtIns.find((candidate) => candidate.id === 'first-purchase-gift') as Journey;
    const route = compileJourney(journey).States['Journey.Route'] as {
      Choices: { Next: string }[];
      Default: string;
    };
    expect(route.Choices.map((choice) => choice.Next)).toEqual(['send-thank-you']);
    expect(route.Default).toBe('Journey.Enter');
  });

  test('a wait until a campaign moment becomes an absolute UTC timestamp', () => {
    const journey = builtIns.find((candidate) => candidate.id === 'preheat-618') as Journey;
    const wait = compileJourney(journey).States['wait-for-sale-eve'];
    expect(wait).toMatchObject({ Type: 'Wait', Timestamp: '2027-06-17T12:00:00Z' });
  });

  test('every task retries Lambda throttling with backoff and jitter, and every Map catches into the failure record', () => {
    forEachState(compileJourney(builtIns[0] as Journey), (name, state) => {
      if (state.Type === 'Task') {
        expect(JSON.stringify(state.Retry), name).toContain('Lambda.TooManyRequestsException');
        expect(JSON.stringify(state.Retry), name).toContain('"JitterStrategy":"FULL"');
      }
      if (state.Type === 'Map')
        expect(state.Catch, name).toEqual([
          { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Journey.RecordFailure' },
        ]);
    });
  });
});
