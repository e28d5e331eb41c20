import { describe, expect, it } from 'vitest';
import { attributedTo, attributeEvent, liveMarks } from '../../../../functions/commons/cohorts/run-feed.ts';
import type { AttributionMarks } from '../../../../functions/commons/stores/customers.ts';
import type { Membership } from '../../../../functions/commons/stores/enrollments.ts';
import { CustomerEvent } from '../../../../workflows/contracts/customer.ts';

const DAY = 86_400_000;
const entered = Date.parse('2027-06-11T02:00:00Z');
const membership: Membership = {
  journeyId: 'preheat-618',
  runId: 'run-1',
  customerId: 'c-1',
  shard: 0,
  enteredAt: entered,
  group: 'treated',
  attributeUntil: entered + 14 * DAY,
};

const at = (hours: number) => new Date(entered + hours * 3_600_000).toISOString();
const cart = (hours: number) =>
  CustomerEvent.parse({
    eventId: `cart-${hours}`,
    customerId: 'c-1',
    name: 'add_to_cart',
    at: at(hours),
    properties: { cartValue: 80 },
  });
const order = (hours: number, orderValue: number) =>
  CustomerEvent.parse({
    eventId: `order-${hours}`,
    customerId: 'c-1',
    name: 'purchase',
    at: at(hours),
    properties: { orderId: `o-${hours}`, orderValue },
  });

describe('attributeEvent', () => {
  it('counts the first add to cart and the first order of a run once, and every order’s revenue', () => {
    // Prepare
    const marks: AttributionMarks = {};
    // Act
    const counts = [cart(1), cart(2), order(3, 120), order(4, 80)].map((event) =>
      attributeEvent(event, membership, true, marks),
    );
    // Assess
    expect(counts).toEqual([
      { addedToCart: 1 },
      undefined,
      { revenue: 120, ordered: 1, newCustomers: 1 },
      { revenue: 80 },
    ]);
    expect(marks).toEqual({
      'preheat-618/run-1': {
        addToCartAt: Date.parse(at(1)),
        orderAt: Date.parse(at(3)),
        until: membership.attributeUntil + 30 * DAY,
      },
    });
  });

  it('leaves the marks it was given untouched when nothing is first', () => {
    // Prepare
    const marks: AttributionMarks = { 'preheat-618/run-1': { addToCartAt: 1, orderAt: 2, until: 3 } };
    const before = marks['preheat-618/run-1'];
    // Act
    const counts = attributeEvent(cart(5), membership, false, marks);
    // Assess
    expect(counts).toBeUndefined();
    expect(marks['preheat-618/run-1']).toBe(before);
  });
});

describe('liveMarks', () => {
  it('drops the marks of runs whose keeping time has passed', () => {
    expect(liveMarks({ old: { until: 10 }, kept: { until: 30, orderAt: 5 } }, 20)).toEqual({
      kept: { until: 30, orderAt: 5 },
    });
  });
});

describe('attributedTo', () => {
  it('keeps the memberships an event falls within: after entry, before attribution ends', () => {
    expect(attributedTo([membership], entered - 1)).toEqual([]);
    expect(attributedTo([membership], entered)).toEqual([membership]);
    expect(attributedTo([membership], membership.attributeUntil + 1)).toEqual([]);
  });
});
