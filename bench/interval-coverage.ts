import type { Interval } from '../workflows/statistics/interval.ts';
import { wilsonInterval } from '../workflows/statistics/proportion.ts';

/** How often a run's interval held the true value, and on which side it missed. */
export interface CoverageTally {
  readonly runs: number;
  readonly covered: number;
  /** covered / runs, as a percentage. */
  readonly percent: number;
  /** The Wilson interval of the coverage itself: 100 runs pin it down to about ±4 points. */
  readonly percentInterval: { readonly lower: number; readonly upper: number };
  /** Intervals wholly below the true value: the estimate ran low. */
  readonly missedLow: number;
  /** Intervals wholly above it: the estimate ran high. */
  readonly missedHigh: number;
  readonly trueValue: number;
  /** The mean estimate less the true value; near 0 when nothing biases the estimate. */
  readonly meanError: number;
  /** The standard error of that mean, to judge whether the mean error is more than chance. */
  readonly meanErrorStandardError: number;
}

/**
 * Tallies the intervals of repeated runs against the value they estimate. A run without an
 * interval (a group that came out empty) is an error: it would silently shrink the tally.
 */
export function tallyCoverage(intervals: readonly Interval[], trueValue: number): CoverageTally {
  const runs = intervals.length;
  if (runs === 0) throw new RangeError('expected at least one interval to tally');
  const covered = intervals.filter((interval) => interval.lower <= trueValue && trueValue <= interval.upper);
  const missedLow = intervals.filter((interval) => interval.upper < trueValue).length;
  const missedHigh = intervals.filter((interval) => interval.lower > trueValue).length;
  const errors = intervals.map((interval) => interval.estimate - trueValue);
  const meanError = errors.reduce((sum, error) => sum + error, 0) / runs;
  const variance =
    runs > 1 ? errors.reduce((sum, error) => sum + (error - meanError) ** 2, 0) / (runs - 1) : Number.NaN;
  const ofCoverage = wilsonInterval(covered.length, runs) as Interval;
  return {
    runs,
    covered: covered.length,
    percent: (covered.length / runs) * 100,
    percentInterval: { lower: ofCoverage.lower * 100, upper: ofCoverage.upper * 100 },
    missedLow,
    missedHigh,
    trueValue,
    meanError,
    meanErrorStandardError: Math.sqrt(variance / runs),
  };
}

/** A group of customers who each convert independently at `rate`. */
export interface BinomialGroup {
  readonly customers: number;
  readonly rate: number;
}

/**
 * The interval's coverage of the true difference when the two groups' counts are binomial: the
 * probability of every pair of counts whose interval holds rate₁ − rate₂, summed. It is what the
 * simulated coverage should come near if nothing but chance moves the counts; pairs less likely
 * than 1e-15 are left out.
 */
export function exactCoverage(
  first: BinomialGroup,
  second: BinomialGroup,
  interval: (
    successes1: number,
    trials1: number,
    successes2: number,
    trials2: number,
  ) => Interval | undefined,
): number {
  const truth = first.rate - second.rate;
  const firstMass = binomialMasses(first);
  const secondMass = binomialMasses(second);
  let covered = 0;
  for (const [successes1, mass1] of firstMass)
    for (const [successes2, mass2] of secondMass) {
      const bounds = interval(successes1, first.customers, successes2, second.customers);
      if (bounds && bounds.lower <= truth && truth <= bounds.upper) covered += mass1 * mass2;
    }
  return covered;
}

/** The binomial probabilities of each count, worked in logarithms so large groups do not underflow. */
function binomialMasses({ customers, rate }: BinomialGroup): [number, number][] {
  if (!(rate > 0 && rate < 1)) return [[Math.round(rate * customers), 1]];
  const masses: [number, number][] = [];
  let logMass = customers * Math.log1p(-rate);
  const odds = Math.log(rate) - Math.log1p(-rate);
  for (let count = 0; count <= customers; count += 1) {
    const mass = Math.exp(logMass);
    if (mass > 1e-15) masses.push([count, mass]);
    logMass += Math.log(customers - count) - Math.log(count + 1) + odds;
  }
  return masses;
}
