import { describe, expect, it } from 'vitest';
import { generateCustomerBase } from '../../simulation/customer-base.ts';
import { createRng } from '../../simulation/random.ts';
import { CustomerProfile } from '../../workflows/contracts/customer.ts';
import { tierOf } from '../../workflows/evaluation/tier.ts';

const createdAt = Date.parse('2026-06-11T02:00:00Z');
const base = generateCustomerBase({ customers: 10_000, seed: 618, createdAt });
const members = base.filter((profile) => profile.member);
const guests = base.filter((profile) => !profile.member);

function share<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length / items.length;
}

describe('createRng', () => {
  it('repeats a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 20 }, () => rng.float());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('forks by label alone, whatever the parent drew before', () => {
    const used = createRng(7);
    for (let index = 0; index < 100; index += 1) used.float();
    expect(used.fork('c01').float()).toBe(createRng(7).fork('c01').float());
    expect(createRng(7).fork('c01').float()).not.toBe(createRng(7).fork('c02').float());
  });

  it('keeps ints, picks and floats in range', () => {
    const rng = createRng('range');
    for (let index = 0; index < 1_000; index += 1) {
      const value = rng.int(3, 5);
      expect(value >= 3 && value <= 5 && Number.isInteger(value)).toBe(true);
      expect(['a', 'b']).toContain(rng.pick(['a', 'b']));
      const float = rng.float();
      expect(float >= 0 && float < 1).toBe(true);
    }
    expect(() => rng.pick([])).toThrow(RangeError);
  });
});

describe('generateCustomerBase', () => {
  it('gives the same base for the same seed and another for another seed', () => {
    const small = (seed: number) => generateCustomerBase({ customers: 200, seed, createdAt });
    expect(small(1)).toEqual(small(1));
    expect(small(1)).not.toEqual(small(2));
  });

  it('keeps a customer when the base grows, as long as the ids keep their width', () => {
    const smaller = generateCustomerBase({ customers: 5_000, seed: 618, createdAt });
    const larger = generateCustomerBase({ customers: 9_999, seed: 618, createdAt });
    expect(larger.slice(0, 5_000)).toEqual(smaller);
  });

  it('numbers customers from c00001 to the count, padded to its width', () => {
    expect(base[0]?.customerId).toBe('c00001');
    expect(base.at(-1)?.customerId).toBe('c10000');
    expect(new Set(base.map((profile) => profile.customerId)).size).toBe(10_000);
  });

  it('makes profiles the schema accepts, with the tier their history implies', () => {
    for (const profile of base) {
      expect(CustomerProfile.parse(profile)).toEqual(profile);
      expect(profile.tier).toBe(tierOf(profile));
      expect(profile.recentOrderCount).toBeLessThanOrEqual(profile.orderCount);
      expect(profile.totalSpend > 0).toBe(profile.orderCount > 0);
    }
  });

  it('mixes members and tiers like a real base', () => {
    expect(members.length / base.length).toBeCloseTo(0.85, 1);
    expect(share(members, (profile) => profile.tier === 'H')).toBeGreaterThan(0.12);
    expect(share(members, (profile) => profile.tier === 'H')).toBeLessThan(0.18);
    expect(share(members, (profile) => profile.tier === 'E')).toBeGreaterThan(0.41);
    expect(share(members, (profile) => profile.tier === 'E')).toBeLessThan(0.49);
    expect(share(members, (profile) => profile.tier === 'A')).toBeGreaterThan(0.36);
    expect(share(members, (profile) => profile.tier === 'A')).toBeLessThan(0.44);
    expect(guests.every((profile) => profile.tier === undefined)).toBe(true);
    expect(share(guests, (profile) => profile.orderCount === 0)).toBeGreaterThan(0.4);
    expect(share(guests, (profile) => profile.orderCount > 0)).toBeGreaterThan(0.2);
  });

  it('spreads time zones, consent and unsubscribes', () => {
    expect(share(base, (profile) => profile.timezone === 'Asia/Shanghai')).toBeGreaterThan(0.7);
    for (const zone of ['Asia/Hong_Kong', 'Asia/Singapore', 'America/Los_Angeles', 'Europe/London']) {
      expect(share(base, (profile) => profile.timezone === zone)).toBeGreaterThan(0.02);
    }
    const expected = { email: 0.7, sms: 0.6, push: 0.5, in_app: 0.9 } as const;
    for (const [channel, rate] of Object.entries(expected)) {
      const actual = share(base, (profile) => profile.consent[channel as keyof typeof expected] === true);
      expect(Math.abs(actual - rate)).toBeLessThan(0.03);
    }
    expect(base.every((profile) => profile.consent.webhook === false)).toBe(true);
    expect(Math.abs(share(base, (profile) => profile.unsubscribed) - 0.03)).toBeLessThan(0.01);
    expect(base.every((profile) => typeof profile.attributes.first_name === 'string')).toBe(true);
    expect(base.every((profile) => typeof profile.attributes.city === 'string')).toBe(true);
  });
});
