import { END, journeyGraph, stepEdges } from '../language/journey-graph.ts';
import type { Journey } from '../schema/index.ts';
import { type AslState, type Json, placeholder, type StateMachineDefinition } from './asl.ts';
import { STATE } from './names.ts';
import { withResilience } from './resilience.ts';
import { type MapOptions, shardMap } from './shard-map.ts';
import { snapshotStates } from './snapshot-states.ts';
import { stepStates } from './step-states.ts';

export interface CompileOptions {
  /**
   * "distributed" for AWS: shard items run as Express child workflows, outside the parent's history.
   * @default "inline", as the local engine runs it
   */
  readonly mapMode?: MapOptions['mapMode'];
  /**
   * How many shards a step processes at once.
   * @default 10 inline; 100 distributed (keep it under the Lambda concurrency the functions may use)
   */
  readonly maxConcurrency?: number;
}

/**
 * Compiles a validated journey into one state machine that runs one cohort.
 * Cohorts that start mid-journey (from a branch, split or wait_for) carry `at` and are routed there.
 */
export function compileJourney(
  journey: Journey,
  compileOptions: CompileOptions = {},
): StateMachineDefinition {
  const mapMode = compileOptions.mapMode ?? 'inline';
  const options: MapOptions = {
    mapMode,
    maxConcurrency: compileOptions.maxConcurrency ?? (mapMode === 'distributed' ? 100 : 10),
  };
  const graph = journeyGraph(journey);
  const stateOf = (stepId: string) => (stepId === END ? STATE.complete : stepId);

  const states: Record<string, AslState> = {};
  const forkTargets = new Set<string>();
  journey.steps.forEach((step, index) => {
    const edges = stepEdges(journey, index);
    if (step.kind === 'branch' || step.kind === 'split') {
      for (const edge of edges.slice(1)) forkTargets.add(edge.to);
    }
    if (step.kind === 'wait_for') forkTargets.add(step.on_event);
    Object.assign(states, stepStates(step, { journey, options, edges, stateOf }));
  });

  const entry = stateOf(graph.entry);
  const goal: Record<string, Json> = journey.goal ? { goal: journey.goal as unknown as Json } : {};
  const routeTargets = [...forkTargets].filter((target) => target !== END);
  const preamble: Record<string, AslState> = {};
  // A scheduled run starts with an empty cohort and snapshots its audience first.
  const firstState = journey.trigger.kind === 'schedule' ? STATE.snapshot : STATE.enter;
  if (routeTargets.length > 0) {
    preamble[STATE.route] = {
      Type: 'Choice',
      Comment: 'A cohort forked mid-journey starts at its step; a new cohort enters.',
      Choices: routeTargets.map((target) => ({
        And: [{ Variable: '$.at', IsPresent: true } as Json, { Variable: '$.at', StringEquals: target }],
        Next: stateOf(target),
      })),
      Default: firstState,
    };
  }
  if (journey.trigger.kind === 'schedule') Object.assign(preamble, snapshotStates(STATE.enter, options));
  preamble[STATE.enter] = shardMap(
    STATE.enter,
    'Partition',
    { operation: 'enter', holdout: journey.holdout, ...goal },
    entry,
    options,
    `enter the journey: hold out ${journey.holdout}%, count entries`,
  );

  const closing: Record<string, AslState> = {
    [STATE.complete]: shardMap(
      STATE.complete,
      'Record',
      { operation: 'complete', ...goal },
      STATE.done,
      options,
      'count the customers who reached the end',
    ),
    [STATE.done]: { Type: 'Succeed' },
    [STATE.recordFailure]: {
      ...withResilience({
        Type: 'Task',
        Resource: placeholder('Record'),
        Parameters: {
          operation: 'failure',
          'run.$': '$.run',
          'cohort.$': '$.cohort',
          'failure.$': '$.failure',
        },
        ResultPath: null,
        Next: STATE.failed,
      }),
      Catch: [{ ErrorEquals: ['States.ALL'], Next: STATE.failed }],
    },
    [STATE.failed]: {
      Type: 'Fail',
      Error: 'JourneyStepFailed',
      Cause: 'A step failed after its retries; the failure is recorded with the run.',
    },
  };
  if (!usesState(states, STATE.complete)) delete closing[STATE.complete];

  return {
    Comment: `${journey.name} (journey ${journey.id} v${journey.version}): runs one cohort`,
    StartAt: routeTargets.length > 0 ? STATE.route : firstState,
    States: { ...preamble, ...states, ...closing },
  };
}

function usesState(states: Record<string, AslState>, name: string): boolean {
  return JSON.stringify(states).includes(`"${name}"`);
}

/** The ASL as JSON text, the form CDK's DefinitionBody.fromString takes. */
export function compileJourneyToJson(journey: Journey, options: CompileOptions = {}): string {
  return `${JSON.stringify(compileJourney(journey, options), null, 2)}\n`;
}
