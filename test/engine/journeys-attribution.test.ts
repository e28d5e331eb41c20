import { describe, expect, test } from 'vitest';
import { event, funnelTotal, idsFor, post, profile } from '../support/engine/engine-harness.ts';
import { cart, harnessPerTest, PREHEAT_AT, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

describe('attribution', () => {
  test('a member who carts and buys twice, in separate batches, is counted once per run; revenue is summed', async () => {
    // Prepare
    const [buyer = ''] = idsFor('buyer', 1, { treatedIn: ['preheat-618'] });
    const { engine } = await harness(['preheat-618'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany([
      profile(buyer, {
        member: true,
        tier: 'E',
        orderCount: 1,
        timezone: SHANGHAI,
        consent: { email: true },
      }),
    ]);
    const order = (eventId: string, orderValue: number) =>
      event(engine, eventId, buyer, 'purchase', { orderId: eventId, orderValue });

    // Act
    await engine.fireSchedule('preheat-618');
    await engine.clock.idle();
    await engine.advanceTo(Date.parse('2027-06-11T04:00:00Z'));
    await post(engine, [cart(engine, 'cart-1', buyer), order('order-1', 120)]);
    await engine.advanceTo(Date.parse('2027-06-11T05:00:00Z'));
    await post(engine, [cart(engine, 'cart-2', buyer)]);
    await post(engine, [order('order-2', 80)]);

    // Assess
    const total = (metric: 'addedToCart' | 'ordered' | 'newCustomers' | 'revenue') =>
      funnelTotal(engine, 'preheat-618', metric, { stepId: '$journey' });
    expect([await total('addedToCart'), await total('ordered'), await total('newCustomers')]).toEqual([
      1, 1, 0,
    ]);
    expect(await total('revenue')).toBe(200);
  });
});
