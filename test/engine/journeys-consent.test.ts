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
import { cart, harnessPerTest, PREHEAT_AT, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

describe('consent and unsubscribe, checked at send time', () => {
  test('cart-nudge sends each message only on a channel the customer consented to, and nothing to the unsubscribed', async () => {
    // Prepare
    const [pushOnly = '', emailOnly = '', noConsent = '', unsubscribed = '', optsOutOfEmail = ''] = idsFor(
      'shopper',
      5,
      { treatedIn: ['cart-nudge'] },
    );
    const { engine, delivered } = await harness(['cart-nudge'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany([
      profile(pushOnly, { timezone: SHANGHAI, consent: { push: true } }),
      profile(emailOnly, { timezone: SHANGHAI, consent: { email: true } }),
      profile(noConsent, { timezone: SHANGHAI, consent: {} }),
      profile(unsubscribed, { timezone: SHANGHAI, consent: { push: true, email: true }, unsubscribed: true }),
      profile(optsOutOfEmail, { timezone: SHANGHAI, consent: { push: true, email: true } }),
    ]);

    // Act: all five add to cart; one withdraws email consent after the push reminder.
    await postAndTick(
      engine,
      [pushOnly, emailOnly, noConsent, unsubscribed, optsOutOfEmail].map((id) =>
        cart(engine, `cart-${id}`, id),
      ),
    );
    await playUntil(engine, '2027-06-11T04:30:00Z');
    await post(engine, [event(engine, 'unsub-email', optsOutOfEmail, 'unsubscribe', { channel: 'email' })]);
    await playUntil(engine, '2027-06-12T05:00:00Z');

    // Assess
    expect(stepsReceivedBy(delivered, pushOnly)).toEqual(['cart-nudge/send-cart-reminder']);
    expect(stepsReceivedBy(delivered, emailOnly)).toEqual(['cart-nudge/send-cart-coupon']);
    expect(stepsReceivedBy(delivered, noConsent)).toEqual([]);
    expect(stepsReceivedBy(delivered, unsubscribed)).toEqual([]);
    expect(stepsReceivedBy(delivered, optsOutOfEmail)).toEqual(['cart-nudge/send-cart-reminder']);
    const reminder = { stepId: 'send-cart-reminder' };
    expect(await funnelTotal(engine, 'cart-nudge', 'sent', reminder)).toBe(2);
    expect(await funnelTotal(engine, 'cart-nudge', 'skippedConsent', reminder)).toBe(2);
    expect(await funnelTotal(engine, 'cart-nudge', 'skippedUnsubscribed', reminder)).toBe(1);
    const coupon = { stepId: 'send-cart-coupon' };
    expect(await funnelTotal(engine, 'cart-nudge', 'sent', coupon)).toBe(1);
    expect(await funnelTotal(engine, 'cart-nudge', 'skippedConsent', coupon)).toBe(3);
    expect(await funnelTotal(engine, 'cart-nudge', 'skippedUnsubscribed', coupon)).toBe(1);
  });

  test('preheat-618 sends each tier its offer only on a consented channel, and nothing to the unsubscribed', async () => {
    // Prepare
    const [
      highOk = '',
      highNoEmail = '',
      purchasingOk = '',
      purchasingUnsub = '',
      neverOk = '',
      neverNoSms = '',
    ] = idsFor('member', 6, { treatedIn: ['preheat-618'] });
    const high = { member: true, tier: 'H', orderCount: 5, recentOrderCount: 3 } as const;
    const purchasing = { member: true, tier: 'E', orderCount: 1 } as const;
    const never = { member: true, tier: 'A' } as const;
    const { engine, delivered } = await harness(['preheat-618'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany([
      profile(highOk, { ...high, timezone: SHANGHAI, consent: { email: true } }),
      profile(highNoEmail, { ...high, timezone: SHANGHAI, consent: { push: true, sms: true } }),
      profile(purchasingOk, { ...purchasing, timezone: SHANGHAI, consent: { email: true } }),
      profile(purchasingUnsub, {
        ...purchasing,
        timezone: SHANGHAI,
        consent: { email: true },
        unsubscribed: true,
      }),
      profile(neverOk, { ...never, timezone: SHANGHAI, consent: { sms: true } }),
      profile(neverNoSms, { ...never, timezone: SHANGHAI, consent: { email: true, push: true } }),
    ]);

    // Act
    await engine.fireSchedule('preheat-618');
    await engine.clock.idle();

    // Assess
    expect(stepsReceivedBy(delivered, highOk)).toEqual(['preheat-618/send-early-access']);
    expect(stepsReceivedBy(delivered, purchasingOk)).toEqual(['preheat-618/send-category-coupon']);
    expect(stepsReceivedBy(delivered, neverOk)).toEqual(['preheat-618/send-first-purchase-gift']);
    for (const silent of [highNoEmail, purchasingUnsub, neverNoSms])
      expect(stepsReceivedBy(delivered, silent)).toEqual([]);
    expect(await funnelTotal(engine, 'preheat-618', 'skippedConsent', { stepId: 'send-early-access' })).toBe(
      1,
    );
    expect(
      await funnelTotal(engine, 'preheat-618', 'skippedUnsubscribed', { stepId: 'send-category-coupon' }),
    ).toBe(1);
    expect(
      await funnelTotal(engine, 'preheat-618', 'skippedConsent', { stepId: 'send-first-purchase-gift' }),
    ).toBe(1);
    expect(await funnelTotal(engine, 'preheat-618', 'sent')).toBe(3);
  });
});
