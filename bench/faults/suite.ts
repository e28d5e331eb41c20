import { FaultInjector } from '../../engine/faults/fault-injector.ts';
import { type FaultPoint, pointName } from '../../engine/faults/fault-points.ts';
import type { JourneyCatalog } from '../../workflows/workspace/catalog.ts';
import { type Difference, differences } from './compare.ts';
import { faultPoints, functionOf, samplePoints } from './enumerate.ts';
import type { FinalState } from './final-state.ts';
import { runScenario } from './scenario.ts';

/** One seeded scenario: the same for the clean run and every fault run. */
export interface ScenarioSpec {
  readonly seed: number;
  readonly customers: number;
  /** Where the scenario stops (epoch ms). */
  readonly end: number;
}

/** What one fault point did to the run. */
export interface PointResult {
  readonly point: string;
  readonly fn: string;
  readonly mode: FaultPoint['mode'];
  /** Whether the run reached the point (a point past a changed path is never reached). */
  readonly fired: boolean;
  /** The invariants it broke: empty when the final state equals the clean run's. */
  readonly broken: readonly Difference[];
  /** The run's own failure, when it could not finish (a caller gave up, say). */
  readonly error?: string;
}

/** The clean run: its final state, the fault points it offers, and whether the seed replays exactly. */
export interface CleanRun {
  readonly state: FinalState;
  readonly storeCalls: number;
  readonly points: readonly FaultPoint[];
  /** Differences between two clean runs of the seed: must be none, or nothing can be compared. */
  readonly nondeterminism: readonly Difference[];
}

/**
 * The clean run of the scenario, recording every store call, and (with `replay`) a second clean
 * run to check that the seed replays exactly.
 */
export async function cleanRun(
  catalog: JourneyCatalog,
  spec: ScenarioSpec,
  replay: boolean,
): Promise<CleanRun> {
  const recorder = new FaultInjector();
  const state = await runScenario({ catalog, ...spec, injector: recorder });
  const again = replay ? await runScenario({ catalog, ...spec, injector: new FaultInjector() }) : state;
  return {
    state,
    storeCalls: recorder.recorded.length,
    points: faultPoints(recorder.recorded, spec.seed),
    nondeterminism: differences(state, again),
  };
}

/** The scenario with one fault at `point`, compared with the clean run's final state. */
export async function tryPoint(
  catalog: JourneyCatalog,
  spec: ScenarioSpec,
  clean: FinalState,
  point: FaultPoint,
): Promise<PointResult> {
  const injector = new FaultInjector(point);
  const about = { point: pointName(point), fn: functionOf(point.handler), mode: point.mode };
  try {
    const state = await runScenario({ catalog, ...spec, injector });
    return { ...about, fired: injector.fired, broken: differences(clean, state) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...about, fired: injector.fired, broken: [], error: message };
  }
}

/** Whether a point's run broke an invariant: a final state unlike the clean run's, or no end at all. */
export const breaks = (result: PointResult) => result.broken.length > 0 || result.error !== undefined;

/** A point's line in the progress: reached or not, and what it broke. */
export function verdict(result: PointResult): string {
  if (result.error) return `FAILED ${result.error}`;
  if (!result.fired) return 'not reached';
  return result.broken.length === 0 ? 'ok' : `BROKE ${result.broken.map((each) => each.kind).join(', ')}`;
}

export interface SuiteOptions extends ScenarioSpec {
  readonly catalog: JourneyCatalog;
  /** Try this many points, a seeded sample that keeps every store call. @default all of them */
  readonly sample?: number;
  /** Run the clean scenario twice and compare. @default true */
  readonly replay?: boolean;
  readonly onProgress?: (line: string) => void;
}

export interface SuiteResult {
  readonly clean: Omit<CleanRun, 'state' | 'points'> & { readonly enumerated: number };
  readonly results: readonly PointResult[];
}

/**
 * The fault-injection suite in one process: a clean run records every store call, then each
 * fault point runs the same seed with that one fault and its final state is compared with the
 * clean run's. `npm run faults` spreads the points over worker processes instead.
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const { catalog, seed, customers, end } = options;
  const spec = { seed, customers, end };
  const progress = options.onProgress ?? (() => {});
  const clean = await cleanRun(catalog, spec, options.replay ?? true);
  const points = samplePoints(clean.points, options.sample ?? clean.points.length, seed);
  progress(`${clean.storeCalls} store calls; ${clean.points.length} fault points, trying ${points.length}`);
  const results: PointResult[] = [];
  for (const [index, point] of points.entries()) {
    const result = await tryPoint(catalog, spec, clean.state, point);
    results.push(result);
    progress(`${index + 1}/${points.length} ${result.point}: ${verdict(result)}`);
  }
  const { state: _state, points: all, ...figures } = clean;
  return { clean: { ...figures, enumerated: all.length }, results };
}
