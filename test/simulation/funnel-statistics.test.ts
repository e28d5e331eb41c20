import { describe, expect, test } from 'vitest';
import { formatStatistics, journeyStatistics } from '../../simulation/funnel-statistics.ts';

describe("a journey's statistics", () => {
  const outcome = {
    treated: { customers: 9000, ordered: 540, revenue: 54_000 },
    holdout: { customers: 1000, ordered: 40, revenue: 4000 },
    offerCost: 3000,
    messageCost: 200,
    holdoutPercent: 10,
  };

  test('carry the lift, its significance, incremental ROI net of both costs and the naive ROI', () => {
    // Act
    const statistics = journeyStatistics(outcome);
    // Assess: 6% − 4% = 2 points; 54,000 − 9,000 × 4 = 18,000 incremental; (18,000 − 3,200) / 3,200
    expect(statistics.lift?.estimate).toBeCloseTo(0.02, 12);
    expect(statistics.lift?.significant).toBe(true);
    expect(statistics.incremental?.revenue.estimate).toBeCloseTo(18_000, 6);
    expect(statistics.incremental?.roi?.estimate).toBeCloseTo(14_800 / 3200, 9);
    expect(statistics.naiveRoi).toBeCloseTo(17, 9);
    expect(statistics.minimumDetectableLift).toBeGreaterThan(0);
  });

  test('print the lift as points with its interval and say whether it is significant', () => {
    const line = formatStatistics('cart-nudge', journeyStatistics(outcome));
    expect(line).toMatch(/^ {2}cart-nudge: lift \+2\.0 pts \(95% CI \+\d\.\d to \+\d\.\d\), significant; /);
    expect(line).toContain('naive ROI 17.0x (all attributed revenue over offer cost)');
    expect(line).not.toContain('holdout to detect');
  });

  test('say "not significant" when the interval crosses zero', () => {
    const small = {
      ...outcome,
      treated: { customers: 900, ordered: 42, revenue: 4200 },
      holdout: { customers: 100, ordered: 4, revenue: 400 },
    };
    expect(formatStatistics('small', journeyStatistics(small))).toMatch(
      /lift \+0\.7 pts \(95% CI −\d+\.\d to \+\d+\.\d\), not significant/,
    );
    // 0.7 points on 1,000 customers at a 4% base rate is out of reach of any holdout.
    expect(formatStatistics('small', journeyStatistics(small))).toMatch(
      /; no holdout up to 50% detects \+0\.7 pts at this size$/,
    );
  });

  test('say there is nothing to measure without a holdout', () => {
    const statistics = journeyStatistics({
      ...outcome,
      holdout: { customers: 0, ordered: 0, revenue: 0 },
      holdoutPercent: 0,
    });
    expect(statistics.lift).toBeUndefined();
    expect(formatStatistics('gift', statistics)).toBe('  gift: no holdout, so no lift to measure');
  });
});
