import { describe, expect, test } from 'vitest';
import {
  distinctMessages,
  event,
  funnelTotal,
  idsFor,
  playUntil,
  post,
  profile,
  stepsReceivedBy,
} from '../support/engine/engine-harness.ts';
import { cart, harnessPerTest, PREHEAT_AT, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

describe('cohort window', () => {
  test('carts of one hour start as one cohort; an order before the cohort starts counts and skips every message', async () => {
    // Prepare: PREHEAT_AT is on the hour, so the window is 02:00-03:00 UTC.
    const [early = '', late = '', quickBuyer = ''] = idsFor('shopper', 3, { treatedIn: ['cart-nudge'] });
    const { engine, delivered } = await harness(['cart-nudge'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany(
      [early, late, quickBuyer].map((id) =>
        profile(id, { timezone: SHANGHAI, consent: { push: true, email: true } }),
      ),
    );
    const at = (time: string) => Date.parse(`2027-06-11T${time}:00Z`);

    // Act: carts at 02:05 and 02:50; the quick buyer carts at 02:10 and orders at 02:20, before
    // the window closes; one tick on the way must not start the open window.
    await engine.advanceTo(at('02:05'));
    await post(engine, [cart(engine, 'cart-early', early)]);
    await engine.advanceTo(at('02:10'));
    await post(engine, [cart(engine, 'cart-quick', quickBuyer)]);
    await engine.advanceTo(at('02:20'));
    await post(engine, [
      event(engine, 'order-quick', quickBuyer, 'purchase', { orderId: 'o-9', orderValue: 99 }),
    ]);
    await engine.tick();
    const runsBeforeClose = engine.executions.list().length;
    await engine.advanceTo(at('02:50'));
    await post(engine, [cart(engine, 'cart-late', late)]);
    // A tick a minute after the close must not take the window either: an events-API call that chose
    // it before the close may still be writing its entries.
    await engine.advanceTo(at('03:01'));
    await engine.tick();
    const runsInGrace = engine.executions.list().length;
    await playUntil(engine, '2027-06-12T06:00:00Z');

    // Assess
    expect(runsBeforeClose).toBe(0);
    expect(runsInGrace).toBe(0);
    expect(engine.executions.list().map((execution) => execution.name)).toEqual([
      expect.stringContaining('cart-nudge-202706110200'),
    ]);
    expect(await funnelTotal(engine, 'cart-nudge', 'entered')).toBe(3);
    expect(stepsReceivedBy(delivered, early)).toEqual([
      'cart-nudge/send-cart-reminder',
      'cart-nudge/send-cart-coupon',
    ]);
    expect(stepsReceivedBy(delivered, late)).toEqual([
      'cart-nudge/send-cart-reminder',
      'cart-nudge/send-cart-coupon',
    ]);
    // The window closes at 03:00 and is taken two minutes later; the reminder waits one hour from there.
    expect(distinctMessages(delivered).find((message) => message.customerId === early)?.at).toBe(at('04:02'));
    expect(stepsReceivedBy(delivered, quickBuyer)).toEqual([]);
    expect(await funnelTotal(engine, 'cart-nudge', 'converted')).toBe(1);
    expect(await funnelTotal(engine, 'cart-nudge', 'ordered')).toBe(1);
    expect(await funnelTotal(engine, 'cart-nudge', 'revenue')).toBe(99);
  });
});
