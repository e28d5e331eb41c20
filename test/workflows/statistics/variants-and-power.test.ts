import { describe, expect, test } from 'vitest';
import { compareVariants } from '../../../workflows/statistics/comparisons.ts';
import { holdoutShareNeeded, minimumDetectableEffect } from '../../../workflows/statistics/power.ts';

describe('split variants', () => {
  const holdout = { name: 'holdout', customers: 1000, converted: 40 };

  test('each variant against the holdout, then each pair, at a Bonferroni-corrected level', () => {
    // Act
    const result = compareVariants(
      [
        { name: 'coupon', customers: 1000, converted: 100 },
        { name: 'reminder', customers: 1000, converted: 50 },
      ],
      holdout,
    );
    // Assess
    expect(result.comparisons.map((comparison) => `${comparison.first}−${comparison.second}`)).toEqual([
      'coupon−holdout',
      'reminder−holdout',
      'coupon−reminder',
    ]);
    expect(result.adjustedConfidence).toBeCloseTo(1 - 0.05 / 3, 12);
    expect(result.comparisons.map((comparison) => comparison.significant)).toEqual([true, false, true]);
    expect(result.winner).toBe('coupon');
  });

  test('names no winner when the best variant is not clearly ahead of the others', () => {
    const result = compareVariants(
      [
        { name: 'a', customers: 1000, converted: 60 },
        { name: 'b', customers: 1000, converted: 55 },
      ],
      holdout,
    );
    expect(result.winner).toBeUndefined();
  });

  test('names no winner with a single variant, whatever its lift', () => {
    const result = compareVariants([{ name: 'only', customers: 1000, converted: 200 }], holdout);
    expect(result.comparisons).toHaveLength(1);
    expect(result.comparisons[0]?.significant).toBe(true);
    expect(result.winner).toBeUndefined();
  });
});

describe('power', () => {
  test('at 388 customers a group and a 50% base rate, 10 points is just detectable at 80% power', () => {
    // Fleiss: n = (1.959964·√(2·0.55·0.45) + 0.841621·√(0.5·0.5 + 0.6·0.4))² / 0.1² = 387.3 a group.
    const effect = minimumDetectableEffect({ customers: 776, baseRate: 0.5 }, 0.5);
    expect(effect).toBeGreaterThan(0.099);
    expect(effect).toBeLessThan(0.1);
  });

  test('a smaller holdout detects only a larger effect, down to none at a handful of customers', () => {
    const question = { customers: 100_000, baseRate: 0.05 };
    const atTen = minimumDetectableEffect(question, 0.1) ?? Number.NaN;
    const atHalf = minimumDetectableEffect(question, 0.5) ?? Number.NaN;
    expect(atTen).toBeGreaterThan(atHalf);
    expect(minimumDetectableEffect({ customers: 5, baseRate: 0.05 }, 0.1)).toBeUndefined();
  });

  test('the holdout share needed for an effect is the share whose detectable effect it is', () => {
    const question = { customers: 100_000, baseRate: 0.05 };
    const share = holdoutShareNeeded(question, 0.005) ?? Number.NaN;
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(0.5);
    expect(minimumDetectableEffect(question, share)).toBeCloseTo(0.005, 5);
    expect(holdoutShareNeeded({ customers: 200, baseRate: 0.05 }, 0.001)).toBeUndefined();
  });
});
