import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignVariant, isHeldOut, stableBucket } from '../../../workflows/evaluation/assignment.ts';
import type { SplitVariant } from '../../../workflows/schema/index.ts';

const customers = Array.from({ length: 10_000 }, (_, index) => `customer-${index}`);

/** The percentage of customers for which the predicate holds. */
function percentOf(predicate: (customerId: string) => boolean): number {
  return (customers.filter(predicate).length / customers.length) * 100;
}

function variants(...weights: number[]): SplitVariant[] {
  return weights.map((weight, index) => ({ name: `v${index}`, weight, next: `step-${index}` }));
}

/** Two to four whole weights of at least 1 that sum to 100. */
const weightsSummingTo100 = fc
  .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 3 })
  .map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 100];
    return points.slice(1).map((point, index) => point - (points[index] as number));
  });

describe('stableBucket', () => {
  it('is always in [0, 100)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (salt, customerId) => {
        const bucket = stableBucket(salt, customerId);
        expect(bucket).toBeGreaterThanOrEqual(0);
        expect(bucket).toBeLessThan(100);
      }),
    );
  });

  it('is the same every time for the same salt and customer', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (salt, customerId) => {
        expect(stableBucket(salt, customerId)).toBe(stableBucket(salt, customerId));
      }),
    );
  });

  it('depends on the salt', () => {
    const moved = customers
      .slice(0, 100)
      .filter((id) => stableBucket('journey-a', id) !== stableBucket('journey-b', id));
    expect(moved.length).toBeGreaterThan(90);
  });

  it('keeps salt and customer apart: "ab" + "c" and "a" + "bc" land differently', () => {
    expect(stableBucket('ab', 'c')).not.toBe(stableBucket('a', 'bc'));
  });

  it('spreads customers evenly over the ten deciles', () => {
    // Act
    const counts = Array.from({ length: 10 }, () => 0);
    for (const id of customers) {
      const decile = Math.floor(stableBucket('spread', id) / 10);
      counts[decile] = (counts[decile] ?? 0) + 1;
    }

    // Assess: 1000 each, within 2 points of the whole.
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(200);
  });
});

describe('isHeldOut', () => {
  it('holds nobody out at 0 percent', () => {
    expect(customers.some((id) => isHeldOut('preheat-618', id, 0))).toBe(false);
  });

  it('holds everybody out at 100 percent', () => {
    expect(customers.every((id) => isHeldOut('preheat-618', id, 100))).toBe(true);
  });

  it.each([5, 10, 25, 50])('holds out about %i percent of 10k customers, within 2 points', (holdout) => {
    expect(Math.abs(percentOf((id) => isHeldOut('preheat-618', id, holdout)) - holdout)).toBeLessThanOrEqual(
      2,
    );
  });

  it('gives the same answer for the same journey and customer every time', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.integer({ min: 0, max: 50 }),
        (journeyId, customerId, holdout) => {
          expect(isHeldOut(journeyId, customerId, holdout)).toBe(isHeldOut(journeyId, customerId, holdout));
        },
      ),
    );
  });

  it('keeps a held-out customer held out when the holdout grows', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        (journeyId, customerId, a, b) => {
          const [smaller, larger] = a <= b ? [a, b] : [b, a];
          if (isHeldOut(journeyId, customerId, smaller))
            expect(isHeldOut(journeyId, customerId, larger)).toBe(true);
        },
      ),
    );
  });

  it('holds out different customers in different journeys', () => {
    // Act
    const inA = customers.filter((id) => isHeldOut('preheat-618', id, 10));
    const inBoth = inA.filter((id) => isHeldOut('cart-nudge', id, 10));

    // Assess: independent draws overlap on about 10% of the first set, not all of it.
    expect((inBoth.length / inA.length) * 100).toBeLessThan(20);
  });
});

describe('assignVariant', () => {
  it('gives a customer the same variant every time', () => {
    const split = variants(50, 30, 20);
    fc.assert(
      fc.property(fc.string(), (customerId) => {
        expect(assignVariant('j', 'ab', customerId, split)).toBe(assignVariant('j', 'ab', customerId, split));
      }),
    );
  });

  it('returns one of the given variants', () => {
    const split = variants(10, 90);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (journeyId, stepId, customerId) => {
        expect(split).toContain(assignVariant(journeyId, stepId, customerId, split));
      }),
    );
  });

  it('splits 10k customers 50/30/20 within 2 points', () => {
    // Prepare
    const split = variants(50, 30, 20);

    // Act
    const shares = split.map((variant) =>
      percentOf((id) => assignVariant('cart-nudge', 'ab-test', id, split) === variant),
    );

    // Assess
    shares.forEach((share, index) => {
      expect(Math.abs(share - (split[index] as SplitVariant).weight)).toBeLessThanOrEqual(2);
    });
  });

  it('matches any weights summing to 100 over 10k customers within 2 points', () => {
    fc.assert(
      fc.property(weightsSummingTo100, (weights) => {
        // Prepare
        const split = variants(...weights);
        const counts = new Map<string, number>();

        // Act
        for (const id of customers) {
          const { name } = assignVariant('journey', 'split', id, split);
          counts.set(name, (counts.get(name) ?? 0) + 1);
        }

        // Assess
        for (const variant of split) {
          const share = ((counts.get(variant.name) ?? 0) / customers.length) * 100;
          expect(Math.abs(share - variant.weight)).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('assigns by cumulative weight: a customer in the first variant stays there when its weight grows', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 1, max: 98 }),
        fc.integer({ min: 1, max: 98 }),
        (customerId, a, b) => {
          const [smaller, larger] = a <= b ? [a, b] : [b, a];
          const before = assignVariant('j', 's', customerId, variants(smaller, 100 - smaller));
          const after = assignVariant('j', 's', customerId, variants(larger, 100 - larger));
          if (before.name === 'v0') expect(after.name).toBe('v0');
        },
      ),
    );
  });

  it('splits customers independently of the holdout', () => {
    // Prepare
    const split = variants(50, 50);
    const kept = customers.filter((id) => !isHeldOut('cart-nudge', id, 50));

    // Act
    const first = kept.filter((id) => assignVariant('cart-nudge', 'ab-test', id, split).name === 'v0');

    // Assess
    expect(Math.abs((first.length / kept.length) * 100 - 50)).toBeLessThanOrEqual(3);
  });

  it('splits the same customers differently at different split steps', () => {
    const split = variants(50, 50);
    const same = customers.filter(
      (id) => assignVariant('j', 'first', id, split).name === assignVariant('j', 'second', id, split).name,
    );
    expect(Math.abs((same.length / customers.length) * 100 - 50)).toBeLessThanOrEqual(3);
  });

  it('gives the last variant to customers past weights that sum to less than 100', () => {
    // Prepare
    const split = variants(10, 10);

    // Act
    const last = percentOf((id) => assignVariant('j', 's', id, split).name === 'v1');

    // Assess: 10 points of its own and the 80 left over.
    expect(Math.abs(last - 90)).toBeLessThanOrEqual(2);
  });

  it('refuses a split without variants', () => {
    expect(() => assignVariant('j', 's', 'customer-1', [])).toThrow('a split needs at least one variant');
  });
});
