import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { plantedBehaviour, plantedRates } from '../simulation/planted-lift.ts';
import { runSimulation } from '../simulation/simulate.ts';
import { newcombeDifference } from '../workflows/statistics/difference.ts';
import type { Interval } from '../workflows/statistics/interval.ts';
import { catalogFromWorkspace } from '../workflows/workspace/catalog.ts';
import { type CoverageTally, exactCoverage, tallyCoverage } from './interval-coverage.ts';
import { PLANTED_EXPERIMENT, plantedJourneyProblems, plantedRunProblems } from './planted-experiment.ts';

interface PlantedRun {
  readonly seed: number;
  readonly treated: { readonly customers: number; readonly ordered: number };
  readonly holdout: { readonly customers: number; readonly ordered: number };
  readonly lift: Interval;
  readonly covered: boolean;
}

const points = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(2)}`;

/**
 * `npm run bench -- --statistics`: the planted-lift journey simulated once per seed 1…runs through
 * the engine, the funnel counters and the report's statistics, and how often the lift's 95%
 * interval (Newcombe) held the lift the behaviour model planted. Writes `statistics` into the
 * results file beside the speed bench's figures.
 */
export async function runStatisticsBench(options: {
  readonly runs: number;
  readonly out: string;
  readonly log: (line: string) => void;
}): Promise<{ tally: CoverageTally; expected: number; seconds: number }> {
  const { workspace, journeyId, startAt, customers, plant } = PLANTED_EXPERIMENT;
  const catalog = await catalogFromWorkspace(workspace, [journeyId]);
  const journey = catalog.journeys.get(journeyId);
  const problems = journey ? plantedJourneyProblems(journey, startAt, plant.days) : [`no ${journeyId}`];
  if (problems.length > 0)
    throw new Error(`the planted experiment is not as planned: ${problems.join('; ')}`);
  const truth = plantedRates(plant);
  const behaviour = plantedBehaviour(plant);
  options.log(
    `planted: daily order chance ${plant.dailyPurchase}, ×${plant.touchUplift} after the message, ${plant.days} days: treated ${(truth.treated * 100).toFixed(2)}%, holdout ${(truth.holdout * 100).toFixed(2)}%, true lift ${points(truth.lift)} pts`,
  );
  // The commit measured is the one the runs start on, whatever lands while they go.
  const commit = currentCommit();
  const began = performance.now();
  const runs: PlantedRun[] = [];
  for (let seed = 1; seed <= options.runs; seed += 1) {
    const result = await runSimulation({
      catalog,
      customers,
      days: plant.days,
      seed,
      startAt,
      newCustomersPerDay: 0,
      behaviour,
    });
    const funnel = result.funnels.find((candidate) => candidate.journeyId === journeyId);
    const lift = funnel?.statistics.lift;
    const runProblems = funnel ? plantedRunProblems(funnel, result.failedExecutions) : ['no funnel'];
    if (!funnel || !lift || runProblems.length > 0)
      throw new Error(`seed ${seed} broke the planted experiment: ${runProblems.join('; ')}`);
    const covered = lift.lower <= truth.lift && truth.lift <= lift.upper;
    runs.push({
      seed,
      treated: { customers: funnel.entered - funnel.heldOut, ordered: funnel.ordered },
      holdout: { customers: funnel.heldOut, ordered: funnel.holdoutOrdered },
      lift: { estimate: lift.estimate, lower: lift.lower, upper: lift.upper, confidence: lift.confidence },
      covered,
    });
    options.log(
      `  seed ${seed}/${options.runs}: lift ${points(lift.estimate)} pts (95% CI ${points(lift.lower)} to ${points(lift.upper)}) ${covered ? 'holds' : 'misses'} ${points(truth.lift)}`,
    );
  }
  const seconds = (performance.now() - began) / 1000;
  const tally = tallyCoverage(
    runs.map((run) => run.lift),
    truth.lift,
  );
  // What chance alone gives at these group sizes: the yardstick for the simulated coverage.
  const mean = (pick: (run: PlantedRun) => number) =>
    Math.round(runs.reduce((sum, run) => sum + pick(run), 0) / runs.length);
  const groups = {
    treated: mean((run) => run.treated.customers),
    holdout: mean((run) => run.holdout.customers),
  };
  const expected = exactCoverage(
    { customers: groups.treated, rate: truth.treated },
    { customers: groups.holdout, rate: truth.holdout },
    newcombeDifference,
  );
  writeStatistics(options.out, {
    date: new Date().toISOString(),
    commit,
    experiment: { journeyId, customers, startAt: new Date(startAt).toISOString(), plant, truth },
    seconds,
    coverage: tally,
    expectedCoverage: { ...groups, percent: expected * 100 },
    misses: runs.filter((run) => !run.covered),
  });
  return { tally, expected, seconds };
}

/** The statistics section of the results file; the speed bench's figures stay as they are. */
function writeStatistics(out: string, statistics: Record<string, unknown>): void {
  const results = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ ...results, statistics }, null, 2)}\n`);
}

function currentCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** The coverage as `npm run bench -- --statistics` prints it. */
export function formatCoverage(tally: CoverageTally, expected: number, seconds?: number): string {
  const inRange = tally.percent >= 93 && tally.percent <= 97;
  return [
    `Coverage of the lift's 95% interval (Newcombe) over ${tally.runs} seeded runs: ${tally.covered}/${tally.runs} = ${tally.percent.toFixed(1)}% (its own 95% interval ${tally.percentInterval.lower.toFixed(1)} to ${tally.percentInterval.upper.toFixed(1)}%)${inRange ? '' : ', outside 93 to 97'}`,
    `  chance alone at these group sizes (exact binomial sum): ${(expected * 100).toFixed(1)}%`,
    `  missed low ${tally.missedLow}, missed high ${tally.missedHigh}; mean estimate − true lift ${points(tally.meanError)} pts (standard error ${(tally.meanErrorStandardError * 100).toFixed(2)})`,
    ...(seconds !== undefined ? [`  in ${seconds.toFixed(0)} s`] : []),
  ].join('\n');
}
