import { describe, expect, test } from 'vitest';
import { newcombeDifference } from '../../../workflows/statistics/difference.ts';
import { incrementalResults, naiveRoi } from '../../../workflows/statistics/incremental.ts';
import { excludesZero } from '../../../workflows/statistics/interval.ts';
import { relativeLift } from '../../../workflows/statistics/relative.ts';

describe('relative lift', () => {
  test('56/70 against 48/80 is +33.3%, with the Katz log interval worked by hand', () => {
    // ln(0.8 / 0.6) = 0.287682; SE = √(0.2/56 + 0.4/48) = 0.109109; ± 1.959964 × SE = ± 0.213850
    // → exp(0.073832) − 1 = 0.076626 and exp(0.501532) − 1 = 0.651249
    const lift = relativeLift(56, 70, 48, 80);
    expect(lift?.estimate).toBeCloseTo(1 / 3, 6);
    expect(lift?.lower).toBeCloseTo(0.076626, 5);
    expect(lift?.upper).toBeCloseTo(0.651249, 5);
  });

  test('has no interval when either group has no conversions', () => {
    expect(relativeLift(0, 70, 48, 80)).toBeUndefined();
    expect(relativeLift(56, 70, 0, 80)).toBeUndefined();
  });
});

describe('incremental orders, revenue and ROI', () => {
  const treated = { customers: 1000, ordered: 60, revenue: 6000 };
  const holdout = { customers: 1000, ordered: 40, revenue: 4000 };

  test('subtract what the holdout predicts for as many customers', () => {
    // Act
    const results = incrementalResults(treated, holdout, { offer: 500, messages: 100 });
    // Assess: 60 − 1000 × 4% = 20 orders; 6000 − 1000 × 4 = 2000; (2000 − 600) / 600
    expect(results?.orders.estimate).toBeCloseTo(20, 9);
    expect(results?.revenue.estimate).toBeCloseTo(2000, 9);
    expect(results?.roi?.estimate).toBeCloseTo(1400 / 600, 9);
    expect(results?.cost).toBe(600);
  });

  test('scale the difference interval by the customers and the average order value', () => {
    // Prepare
    const difference = newcombeDifference(60, 1000, 40, 1000);
    // Act
    const results = incrementalResults(treated, holdout, { offer: 500, messages: 100 });
    // Assess: every order is worth 100 in both groups
    expect(results?.orders.lower).toBeCloseTo(
      20 - ((difference?.estimate ?? 0) - (difference?.lower ?? 0)) * 1000,
      9,
    );
    expect(results?.revenue.lower).toBeCloseTo((results?.orders.lower ?? 0) * 100, 6);
    expect(results?.revenue.upper).toBeCloseTo((results?.orders.upper ?? 0) * 100, 6);
    expect(results?.roi?.lower).toBeCloseTo(((results?.revenue.lower ?? 0) - 600) / 600, 9);
    expect(excludesZero(results?.orders ?? { estimate: 0, lower: -1, upper: 1, confidence: 0.95 })).toBe(
      true,
    );
  });

  test('has no ROI at no cost, and nothing at all without a holdout', () => {
    expect(incrementalResults(treated, holdout, { offer: 0, messages: 0 })?.roi).toBeUndefined();
    expect(
      incrementalResults(treated, { customers: 0, ordered: 0, revenue: 0 }, { offer: 1, messages: 0 }),
    ).toBeUndefined();
  });

  test('the naive ROI credits the journey with every attributed sale', () => {
    expect(naiveRoi(6000, 500)).toBeCloseTo(11, 9);
    expect(naiveRoi(6000, 0)).toBeUndefined();
  });
});
