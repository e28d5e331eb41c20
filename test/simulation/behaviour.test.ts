import { readdirSync, readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  customerDay,
  DEFAULT_BEHAVIOUR,
  type Grant,
  generateSignups,
  type Touch,
} from '../../simulation/behaviour.ts';
import { generateCustomerBase } from '../../simulation/customer-base.ts';
import { createRng } from '../../simulation/random.ts';
import { CustomerEvent, CustomerProfile, type KnownEvent } from '../../workflows/contracts/customer.ts';
import { durationSeconds } from '../../workflows/language/duration.ts';
import { Offer } from '../../workflows/schema/index.ts';

const DAY_MS = 86_400_000;
const OFFERS_DIR = new URL('../../workflows/offers/', import.meta.url);
const offers = new Map(
  readdirSync(OFFERS_DIR)
    .filter((file) => file.endsWith('.offer.yaml'))
    .map((file) => Offer.parse(parse(readFileSync(new URL(file, OFFERS_DIR), 'utf8'))))
    .map((offer) => [offer.id, offer] as const),
);
/** Midnight in Shanghai on 2027-06-11, the first preheat day. */
const start = Date.parse('2027-06-10T16:00:00Z');
const noSale = { start: Number.POSITIVE_INFINITY, end: Number.POSITIVE_INFINITY };
const base = generateCustomerBase({ customers: 2_000, seed: 618, createdAt: start - 365 * DAY_MS });

interface Plan {
  readonly seed?: number;
  readonly days?: number;
  readonly saleDays?: { start: number; end: number };
  readonly touches?: (customerId: string, from: number) => Touch[];
  readonly grants?: (customerId: string) => Grant[];
}

/** 2,000 customers for 10 days (20,000 customer-days), each day's events feeding the next as history. */
function simulate(plan: Plan = {}): { from: number; to: number; events: KnownEvent[] }[] {
  const root = createRng(plan.seed ?? 1);
  const history = new Map<string, CustomerEvent[]>();
  const touches = new Map<string, Touch[]>();
  return Array.from({ length: plan.days ?? 10 }, (_, day) => {
    const from = start + day * DAY_MS;
    const to = from + DAY_MS;
    const events = base.flatMap((profile) => {
      const own = [
        ...(touches.get(profile.customerId) ?? []),
        ...(plan.touches?.(profile.customerId, from) ?? []),
      ];
      touches.set(profile.customerId, own);
      const past = history.get(profile.customerId) ?? [];
      const today = customerDay({
        profile,
        from,
        to,
        touches: own,
        grants: plan.grants?.(profile.customerId) ?? [],
        offers,
        rng: root.fork(`day:${day}`).fork(profile.customerId),
        model: DEFAULT_BEHAVIOUR,
        saleDays: plan.saleDays ?? noSale,
        history: past,
      });
      history.set(profile.customerId, [...past, ...today]);
      return today;
    });
    return { from, to, events };
  });
}

function count(days: readonly { events: KnownEvent[] }[], name: KnownEvent['name']): number {
  return days.reduce((total, day) => total + day.events.filter((event) => event.name === name).length, 0);
}

const message =
  (offer?: string) =>
  (customerId: string, from: number): Touch[] => [
    {
      customerId,
      at: from + 10 * 3_600_000,
      channel: 'email',
      journeyId: 'preheat-618',
      ...(offer ? { offer } : {}),
    },
  ];

const plain = simulate();

describe('customerDay', () => {
  it('repeats for the same seed and differs for another', () => {
    expect(simulate({ days: 2 })).toEqual(plain.slice(0, 2));
    expect(simulate({ days: 2, seed: 2 })).not.toEqual(plain.slice(0, 2));
  });

  it('makes events the schema accepts, inside the window, with unique ids', () => {
    const ids = new Set<string>();
    for (const { from, to, events } of plain) {
      for (const event of events) {
        expect(CustomerEvent.parse(event)).toEqual(event);
        expect(event.at.endsWith('Z')).toBe(true);
        expect(Date.parse(event.at) >= from && Date.parse(event.at) < to).toBe(true);
        expect(ids.has(event.eventId)).toBe(false);
        ids.add(event.eventId);
      }
    }
    expect(count(plain, 'add_to_cart')).toBeGreaterThan(300);
    expect(count(plain, 'purchase')).toBeGreaterThan(50);
  });

  it('shops mostly in local waking hours', () => {
    const zones = new Map(base.map((profile) => [profile.customerId, profile.timezone]));
    const events = plain.flatMap((day) => day.events);
    const awake = events.filter((event) => {
      const hour = DateTime.fromISO(event.at, { zone: zones.get(event.customerId) }).hour;
      return hour >= 8;
    });
    expect(awake.length / events.length).toBeGreaterThan(0.8);
  });

  it('adds to cart about three times as often on sale days', () => {
    const sale = simulate({ saleDays: { start, end: start + 10 * DAY_MS } });
    expect(count(sale, 'add_to_cart') / count(plain, 'add_to_cart')).toBeGreaterThan(2.5);
    expect(count(sale, 'purchase')).toBeGreaterThan(count(plain, 'purchase') * 2);
  });

  it('buys more after touches, and more again with a coupon, so holdout lift is real', () => {
    const touched = simulate({ touches: message() });
    expect(count(touched, 'add_to_cart')).toBeGreaterThan(count(plain, 'add_to_cart') * 1.2);
    expect(count(touched, 'purchase')).toBeGreaterThan(count(plain, 'purchase') * 1.3);
    const coupon = (customerId: string): Grant[] => [
      { customerId, at: start, offerId: 'first-purchase-gift' },
    ];
    const withCoupon = simulate({ touches: message('first-purchase-gift'), grants: coupon });
    expect(count(withCoupon, 'purchase')).toBeGreaterThan(count(touched, 'purchase'));
    expect(count(withCoupon, 'coupon_redeemed')).toBeGreaterThan(0);
  });

  it('lets yesterday’s cart turn into an order today', () => {
    const profile = base.find((candidate) => candidate.tier === 'H') as CustomerProfile;
    const cart = (at: number): CustomerEvent => ({
      eventId: `${profile.customerId}-add_to_cart-${at}`,
      customerId: profile.customerId,
      name: 'add_to_cart',
      at: new Date(at).toISOString(),
      properties: { cartValue: 120 },
    });
    const orders = (history: CustomerEvent[]) =>
      Array.from({ length: 2_000 }, (_, index) =>
        customerDay({
          profile,
          from: start,
          to: start + DAY_MS,
          touches: [],
          grants: [],
          offers,
          rng: createRng(index),
          model: { ...DEFAULT_BEHAVIOUR, addToCart: { H: 0, E: 0, A: 0, guest: 0 } },
          saleDays: noSale,
          history,
        }).filter((event) => event.name === 'purchase'),
      ).flat();
    const fresh = orders([cart(start - 3_600_000)]);
    const stale = orders([cart(start - 5 * DAY_MS)]);
    expect(fresh.filter((order) => order.properties.orderValue === 120).length).toBeGreaterThan(200);
    expect(stale.filter((order) => order.properties.orderValue === 120).length).toBeLessThan(10);
  });

  it('redeems only a granted, unexpired, unused coupon on an order over its minimum spend', () => {
    // Some grants expired before the run, some arrive during it, and one offer is granted twice.
    const grants = (customerId: string): Grant[] => {
      const number = Number(customerId.slice(1));
      return [
        { customerId, at: start - 30 * DAY_MS, offerId: 'early-access-pass' },
        { customerId, at: start + (number % 10) * DAY_MS, offerId: 'category-coupon-30' },
        { customerId, at: start + 2 * DAY_MS, offerId: 'cart-coupon-15' },
        { customerId, at: start + 6 * DAY_MS, offerId: 'cart-coupon-15' },
        { customerId, at: start, offerId: 'member-points-500' },
      ];
    };
    const days = simulate({ grants, touches: message('category-coupon-30') });
    const events = days.flatMap((day) => day.events);
    const orders = new Map(
      events.flatMap((event) =>
        event.name === 'purchase' ? [[event.properties.orderId, event] as const] : [],
      ),
    );
    const used = new Map<string, number>();
    let redeemed = 0;
    for (const event of events) {
      if (event.name !== 'coupon_redeemed') continue;
      redeemed += 1;
      const { offerId, orderId, amount } = event.properties;
      const offer = offers.get(offerId);
      const order = orders.get(orderId);
      const at = Date.parse(event.at);
      expect(offer?.kind).toBe('coupon');
      if (offer?.kind !== 'coupon' || !order || order.name !== 'purchase')
        throw new Error('unmatched redemption');
      expect(order.customerId).toBe(event.customerId);
      expect(order.properties.couponOfferId).toBe(offerId);
      expect(amount).toBe(offer.amount);
      expect(order.properties.orderValue).toBeGreaterThanOrEqual(offer.min_spend);
      const valid = grants(event.customerId).filter(
        (grant) =>
          grant.offerId === offerId &&
          grant.at <= at &&
          at < grant.at + durationSeconds(offer.expires_after) * 1000,
      );
      expect(valid.length).toBeGreaterThan(0);
      const key = `${event.customerId}/${offerId}`;
      used.set(key, (used.get(key) ?? 0) + 1);
      const granted = grants(event.customerId).filter((grant) => grant.offerId === offerId).length;
      expect(used.get(key)).toBeLessThanOrEqual(granted);
    }
    expect(redeemed).toBeGreaterThan(50);
    const couponOrders = events.filter(
      (event) => event.name === 'purchase' && event.properties.couponOfferId,
    );
    expect(couponOrders.length).toBe(redeemed);
    expect(
      events.some(
        (event) => event.name === 'coupon_redeemed' && event.properties.offerId === 'early-access-pass',
      ),
    ).toBe(false);
  });

  it('never redeems without a grant', () => {
    expect(count(plain, 'coupon_redeemed')).toBe(0);
    expect(
      plain
        .flatMap((day) => day.events)
        .some((event) => event.name === 'purchase' && event.properties.couponOfferId),
    ).toBe(false);
  });
});

describe('generateSignups', () => {
  const from = start;
  const to = start + DAY_MS;
  const signups = generateSignups({ count: 500, from, to, rng: createRng(5), idStart: 10_000 });

  it('repeats for the same seed and differs for another', () => {
    expect(generateSignups({ count: 500, from, to, rng: createRng(5), idStart: 10_000 })).toEqual(signups);
    expect(generateSignups({ count: 500, from, to, rng: createRng(6), idStart: 10_000 })).not.toEqual(
      signups,
    );
  });

  it('creates new customers with a valid profile and signup event inside the window', () => {
    expect(signups.map(({ profile }) => profile.customerId)).toEqual(
      Array.from({ length: 500 }, (_, index) => `n${10_000 + index}`),
    );
    for (const { profile, event } of signups) {
      expect(CustomerProfile.parse(profile)).toEqual(profile);
      expect(CustomerEvent.parse(event)).toEqual(event);
      if (event.name !== 'signup') throw new Error('expected a signup');
      expect(event.customerId).toBe(profile.customerId);
      expect(event.properties.consent).toEqual(profile.consent);
      expect(event.properties.member).toBe(profile.member);
      expect(profile.orderCount).toBe(0);
      expect(profile.tier).toBe(profile.member ? 'A' : undefined);
      expect(Date.parse(event.at)).toBe(profile.createdAt);
      expect(profile.createdAt >= from && profile.createdAt < to).toBe(true);
    }
    const members = signups.filter(({ profile }) => profile.member).length / signups.length;
    expect(members).toBeGreaterThan(0.6);
    expect(members).toBeLessThan(0.8);
  });
});
