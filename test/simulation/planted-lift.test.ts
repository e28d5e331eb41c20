import { describe, expect, test } from 'vitest';
import { customerDay, type Touch } from '../../simulation/behaviour.ts';
import { generateCustomerBase } from '../../simulation/customer-base.ts';
import { plantedBehaviour, plantedRates } from '../../simulation/planted-lift.ts';
import { createRng } from '../../simulation/random.ts';
import type { CustomerEvent } from '../../workflows/contracts/customer.ts';

const DAY_MS = 86_400_000;
const plant = { dailyPurchase: 0.05, touchUplift: 2, days: 3 };

describe('the planted lift', () => {
  test('has the rates worked out by hand', () => {
    // holdout 1 − 0.95³ = 0.142625; treated 1 − 0.95 × 0.90² = 0.2305
    const rates = plantedRates(plant);
    expect(rates.holdout).toBeCloseTo(0.142625, 12);
    expect(rates.treated).toBeCloseTo(0.2305, 12);
    expect(rates.lift).toBeCloseTo(0.087875, 12);
  });

  test('refuses a plant the behaviour model would cap or that leaves the message no day to act', () => {
    expect(() => plantedRates({ ...plant, dailyPurchase: 0.5 })).toThrow(/stays below 0.95/);
    expect(() => plantedRates({ ...plant, days: 1 })).toThrow(/at least 2 whole days/);
  });

  test("are the behaviour model's own: customers drawn day by day order at the planted rates", () => {
    // Prepare: every tier, zone and history of a seeded base, each customer once treated (a
    // message two hours into day 1, drawn as the simulation draws: day 1 before it arrives) and
    // once not, on the same random numbers.
    const start = Date.parse('2027-03-01T02:00:00Z');
    const base = generateCustomerBase({ customers: 10_000, seed: 42, createdAt: start - 365 * DAY_MS });
    const model = plantedBehaviour(plant);
    const root = createRng(42);
    const orderedWithin = (touched: boolean) =>
      base.filter((profile) => {
        const touch: Touch = {
          customerId: profile.customerId,
          at: start + 2 * 3_600_000,
          channel: 'in_app',
          journeyId: 'planted-lift',
        };
        let history: CustomerEvent[] = [];
        for (let day = 0; day < plant.days; day += 1) {
          const from = start + day * DAY_MS;
          history = [
            ...history,
            ...customerDay({
              profile,
              from,
              to: from + DAY_MS,
              touches: touched && day > 0 ? [touch] : [],
              grants: [],
              offers: new Map(),
              rng: root.fork(`day:${day}`).fork(profile.customerId),
              model,
              saleDays: { start: Number.POSITIVE_INFINITY, end: Number.POSITIVE_INFINITY },
              history,
            }),
          ];
        }
        expect(history.every((event) => event.name === 'purchase')).toBe(true);
        return history.length > 0;
      }).length / base.length;
    // Act
    const treated = orderedWithin(true);
    const holdout = orderedWithin(false);
    // Assess: within four standard errors (about 0.017 and 0.014), where a message that acted
    // on day 1 too (treated 0.271) or a rate that varied by tier would fall outside.
    const rates = plantedRates(plant);
    const within = (rate: number) => 4 * Math.sqrt((rate * (1 - rate)) / base.length);
    expect(Math.abs(treated - rates.treated)).toBeLessThan(within(rates.treated));
    expect(Math.abs(holdout - rates.holdout)).toBeLessThan(within(rates.holdout));
  });
});
