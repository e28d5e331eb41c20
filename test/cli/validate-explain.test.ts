import { describe, expect, test } from 'vitest';
import { formatJourneyPower, journeyPower } from '../../cli/power-explanation.ts';
import { holdoutShareNeeded, minimumDetectableEffect } from '../../workflows/statistics/power.ts';
import { journeys } from '../support/cli.ts';

const CART_NUDGE = 'workflows/journeys/cart-nudge.journey.yaml';
const FIRST_PURCHASE_GIFT = 'workflows/journeys/first-purchase-gift.journey.yaml';

describe('journeys validate --explain', () => {
  test("prints each journey's detectable lift at its holdout and the holdout a given lift needs", async () => {
    // Prepare: cart-nudge holds out 10%; first-purchase-gift holds out no one.
    const question = { customers: 50_000, baseRate: 0.03 };
    const detectable = minimumDetectableEffect(question, 0.1) as number;
    const needed = holdoutShareNeeded(question, 0.005) as number;
    // Act
    const result = await journeys(
      'validate',
      '--explain',
      '--customers',
      '50000',
      '--base-rate',
      '0.03',
      '--effect',
      '0.005',
      CART_NUDGE,
      FIRST_PURCHASE_GIFT,
    );
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('cart-nudge: 50,000 customers at a 3.0% base rate');
    expect(result.stdout).toContain(
      `its 10% holdout (5,000 customers) detects a lift of +${(detectable * 100).toFixed(2)} pts or more at 80% power, 95% confidence`,
    );
    expect(result.stdout).toContain(`a lift of +0.50 pts needs a holdout of ${(needed * 100).toFixed(1)}%`);
    expect(result.stdout).toMatch(/first-purchase-gift: .*\n {2}no holdout, so no lift can be measured/);
  });

  test('--format json gives the same figures as data', async () => {
    // Act
    const result = await journeys(
      'validate',
      '--explain',
      '--customers',
      '20000',
      '--format',
      'json',
      CART_NUDGE,
    );
    // Assess: the defaults fill what was not given.
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.valid).toBe(true);
    expect(report.power).toEqual([
      {
        journeyId: 'cart-nudge',
        holdoutPercent: 10,
        customers: 20_000,
        baseRate: 0.04,
        effect: 0.01,
        power: 0.8,
        confidence: 0.95,
        minimumDetectableEffect: minimumDetectableEffect({ customers: 20_000, baseRate: 0.04 }, 0.1),
        holdoutShareNeeded: holdoutShareNeeded({ customers: 20_000, baseRate: 0.04 }, 0.01),
      },
    ]);
  });

  test('refuses an assumption given without --explain, naming the flags', async () => {
    const result = await journeys('validate', '--customers', '5000', '--effect', '0.02', CART_NUDGE);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--explain: expected --explain with --customers, --effect');
  });

  test('refuses a base rate written as a percentage, and a rate and effect that pass 1', async () => {
    const percentage = await journeys('validate', '--explain', '--base-rate', '4', CART_NUDGE);
    expect(percentage.code).toBe(2);
    expect(percentage.stderr).toContain('--base-rate: expected a base rate below 1: write 4% as 0.04');
    const beyond = await journeys(
      'validate',
      '--explain',
      '--base-rate',
      '0.6',
      '--effect',
      '0.5',
      CART_NUDGE,
    );
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toContain(
      '--effect: expected the base rate plus the effect below 1, got 0.6 + 0.5',
    );
  });

  test('--help shows an example with the assumptions', async () => {
    const result = await journeys('validate', '--help');
    expect(result.stdout).toContain(
      'journeys validate --explain --customers 50000 --base-rate 0.03 --effect 0.005',
    );
  });
});

describe("a journey's power", () => {
  test('says when a lift is beyond reach even with half the customers held out', () => {
    // Prepare: 2,000 customers cannot tell 4% from 4.5%.
    const power = journeyPower(
      { id: 'small', holdout: 20 },
      { customers: 2000, baseRate: 0.04, effect: 0.005, power: 0.8 },
    );
    // Assess
    expect(power.holdoutShareNeeded).toBeNull();
    expect(power.minimumDetectableEffect).toBeGreaterThan(0.005);
    expect(formatJourneyPower(power)).toContain(
      'a lift of +0.50 pts is not detectable at this size, even with half the customers held out',
    );
  });

  test('a larger holdout, up to half, detects a smaller lift', () => {
    const assumptions = { customers: 100_000, baseRate: 0.04, effect: 0.01, power: 0.8 };
    const tenth = journeyPower({ id: 'a', holdout: 10 }, assumptions).minimumDetectableEffect as number;
    const half = journeyPower({ id: 'b', holdout: 50 }, assumptions).minimumDetectableEffect as number;
    expect(half).toBeLessThan(tenth);
  });
});
