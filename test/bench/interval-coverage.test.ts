import { describe, expect, test } from 'vitest';
import { exactCoverage, tallyCoverage } from '../../bench/interval-coverage.ts';
import { newcombeDifference } from '../../workflows/statistics/difference.ts';

const interval = (estimate: number, lower: number, upper: number) => ({
  estimate,
  lower,
  upper,
  confidence: 0.95,
});

describe('the coverage tally', () => {
  test('counts the intervals that hold the true value, the ends included, and on which side the rest miss', () => {
    // Prepare: a true value of 0.10; two intervals hold it (one at its lower end), one lies
    // wholly below, one wholly above.
    const intervals = [
      interval(0.12, 0.08, 0.16),
      interval(0.14, 0.1, 0.18),
      interval(0.05, 0.01, 0.09),
      interval(0.15, 0.11, 0.19),
    ];
    // Act
    const tally = tallyCoverage(intervals, 0.1);
    // Assess: errors +0.02, +0.04, −0.05, +0.05: mean +0.015, sample SD 0.04509, SE 0.022546
    expect(tally).toMatchObject({
      runs: 4,
      covered: 2,
      percent: 50,
      missedLow: 1,
      missedHigh: 1,
      trueValue: 0.1,
    });
    expect(tally.meanError).toBeCloseTo(0.015, 12);
    expect(tally.meanErrorStandardError).toBeCloseTo(0.022546, 6);
  });

  test('gives the coverage its own Wilson interval: 95 of 100 is 88.8% to 97.8%', () => {
    // Prepare: 95 intervals that hold 0 and 5 that lie above it.
    const intervals = [
      ...Array.from({ length: 95 }, () => interval(0, -1, 1)),
      ...Array.from({ length: 5 }, () => interval(2, 1, 3)),
    ];
    // Act
    const tally = tallyCoverage(intervals, 0);
    // Assess: Wilson (1927) for 95/100 at 95%: 0.88825 to 0.97846.
    expect(tally.percent).toBe(95);
    expect(tally.percentInterval.lower).toBeCloseTo(88.825, 2);
    expect(tally.percentInterval.upper).toBeCloseTo(97.846, 2);
  });

  test('refuses to tally nothing', () => {
    expect(() => tallyCoverage([], 0)).toThrow(/at least one interval/);
  });
});

describe("an interval's exact coverage under binomial counts", () => {
  test('sums the probability of the counts whose interval holds the truth', () => {
    // Prepare: one customer a group at 50%; an "interval" that holds 0 only when the counts tie,
    // which they do with probability ½ · ½ + ½ · ½.
    const tie = (successes1: number, _trials1: number, successes2: number) =>
      successes1 === successes2 ? interval(0, 0, 0) : interval(1, 1, 1);
    // Act
    const coverage = exactCoverage({ customers: 1, rate: 0.5 }, { customers: 1, rate: 0.5 }, tie);
    // Assess
    expect(coverage).toBeCloseTo(0.5, 12);
  });

  test('weighs every count of large groups, so an interval that always holds covers 1', () => {
    const always = () => interval(0, -1, 1);
    expect(exactCoverage({ customers: 5000, rate: 0.03 }, { customers: 800, rate: 0.2 }, always)).toBeCloseTo(
      1,
      9,
    );
  });

  test("puts Newcombe's interval near 95% at the planted experiment's size", () => {
    // Newcombe (1998) finds method 10's coverage close to nominal away from tiny counts.
    const coverage = exactCoverage(
      { customers: 435, rate: 0.2305 },
      { customers: 435, rate: 0.142625 },
      newcombeDifference,
    );
    expect(coverage).toBeGreaterThan(0.94);
    expect(coverage).toBeLessThan(0.96);
  });
});
