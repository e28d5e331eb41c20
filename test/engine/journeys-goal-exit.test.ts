import { describe, expect, test } from 'vitest';
import {
  event,
  funnelTotal,
  idsFor,
  playUntil,
  post,
  postAndTick,
  profile,
  stepsReceivedBy,
} from '../support/engine/engine-harness.ts';
import {
  cart,
  failFirstCountSet,
  harnessPerTest,
  PREHEAT_AT,
  SHANGHAI,
} from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

describe('goal', () => {
  test('a customer who buys after entering cart-nudge exits at the goal and gets no coupon', async () => {
    // Prepare
    const [buyer = '', waverer = ''] = idsFor('shopper', 2, { treatedIn: ['cart-nudge'] });
    const { engine, delivered } = await harness(['cart-nudge'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany(
      [buyer, waverer].map((id) => profile(id, { timezone: SHANGHAI, consent: { push: true, email: true } })),
    );

    // Act: both get the reminder; the buyer orders before the coupon is due.
    await postAndTick(engine, [cart(engine, 'cart-buyer', buyer), cart(engine, 'cart-waverer', waverer)]);
    await playUntil(engine, '2027-06-11T04:30:00Z');
    await post(engine, [event(engine, 'order-1', buyer, 'purchase', { orderId: 'o-1', orderValue: 120 })]);
    await playUntil(engine, '2027-06-12T06:00:00Z');

    // Assess
    expect(stepsReceivedBy(delivered, buyer)).toEqual(['cart-nudge/send-cart-reminder']);
    expect(stepsReceivedBy(delivered, waverer)).toEqual([
      'cart-nudge/send-cart-reminder',
      'cart-nudge/send-cart-coupon',
    ]);
    expect(await funnelTotal(engine, 'cart-nudge', 'converted')).toBe(1);
    expect(await funnelTotal(engine, 'cart-nudge', 'granted', { stepId: 'grant-cart-coupon' })).toBe(1);
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED']);
  });

  test('a goal exit whose count fails after the customer left the shard is retried and counted once', async () => {
    // Prepare
    const [buyer = '', waverer = ''] = idsFor('goal-retry', 2, { treatedIn: ['cart-nudge'] });
    const { engine, delivered } = await harness(['cart-nudge'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany(
      [buyer, waverer].map((id) => profile(id, { timezone: SHANGHAI, consent: { push: true, email: true } })),
    );
    const countSets = failFirstCountSet(engine, 'cart-nudge', (row) => row.counts.converted !== undefined);

    // Act
    await postAndTick(engine, [cart(engine, 'cart-buyer', buyer), cart(engine, 'cart-waverer', waverer)]);
    await playUntil(engine, '2027-06-11T04:30:00Z');
    await post(engine, [event(engine, 'order-1', buyer, 'purchase', { orderId: 'o-1', orderValue: 120 })]);
    await playUntil(engine, '2027-06-12T06:00:00Z');

    // Assess: the retry found the buyer gone from the shard and counted them from its exits.
    expect(countSets.mock.calls.filter(([row]) => row.counts.converted !== undefined)).toHaveLength(2);
    expect(await funnelTotal(engine, 'cart-nudge', 'converted')).toBe(1);
    expect(stepsReceivedBy(delivered, buyer)).toEqual(['cart-nudge/send-cart-reminder']);
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED']);
  });
});
