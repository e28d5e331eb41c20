import { describe, expect, test } from 'vitest';
import { journeyStatistics } from '../../../workflows/statistics/journey-statistics.ts';
import { holdoutShareNeeded, minimumDetectableEffect } from '../../../workflows/statistics/power.ts';

const outcome = (treated: [number, number], holdout: [number, number]) =>
  journeyStatistics({
    treated: { customers: treated[0], ordered: treated[1], revenue: treated[1] * 100 },
    holdout: { customers: holdout[0], ordered: holdout[1], revenue: holdout[1] * 100 },
    offerCost: 1000,
    messageCost: 100,
    holdoutPercent: Math.round((100 * holdout[0]) / (treated[0] + holdout[0])),
  });

describe('the holdout a lift that is not significant would need', () => {
  test('is the share at which a lift of that size is detected at 80% power, with as many entrants', () => {
    // Prepare: 4.4% against 4.0% on a 5% holdout of 100,000: +0.4 pts, not significant.
    const statistics = outcome([95_000, 4180], [5000, 200]);
    expect(statistics.lift?.significant).toBe(false);

    // Act
    const needed = statistics.holdoutForLift;

    // Assess
    expect(needed?.lift).toBeCloseTo(0.004, 12);
    const question = { customers: 100_000, baseRate: 0.04 };
    expect(needed?.share).toBe(holdoutShareNeeded(question, needed?.lift ?? 0));
    expect(needed?.share).toBeGreaterThan(0.05);
    expect(needed?.share).toBeLessThan(0.5);
    expect(minimumDetectableEffect(question, needed?.share ?? 0)).toBeCloseTo(0.004, 6);
  });

  test('is null when not even half the entrants held out would detect it', () => {
    // 49.1% against 46.0% on 467 of 4,892 held out, as npm start's cart-nudge: +3.1 pts.
    expect(outcome([4425, 2174], [467, 215]).holdoutForLift).toEqual({
      lift: expect.closeTo(0.0309, 4),
      share: null,
    });
  });

  test('is not given for a significant lift, nor for one at or below zero', () => {
    expect(outcome([9000, 540], [1000, 40]).holdoutForLift).toBeUndefined();
    expect(outcome([9000, 360], [1000, 40]).holdoutForLift).toBeUndefined();
    expect(outcome([9000, 330], [1000, 40]).holdoutForLift).toBeUndefined();
  });
});
