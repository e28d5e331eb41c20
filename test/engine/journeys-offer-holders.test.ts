import { describe, expect, test } from 'vitest';
import { event, funnelTotal, post, postAndTick, stepsReceivedBy } from '../support/engine/engine-harness.ts';
import { harnessPerTest, PREHEAT_AT, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

describe('offers reach only those who hold them', () => {
  test('a customer who orders before their cohort starts gets no first-purchase gift', async () => {
    // Prepare
    const { engine, delivered } = await harness(['first-purchase-gift'], PREHEAT_AT);
    const signup = (customerId: string) =>
      event(engine, `signup-${customerId}`, customerId, 'signup', {
        timezone: SHANGHAI,
        email: `${customerId}@example.com`,
        consent: { email: true, sms: true },
      });

    // Act: both sign up in the same cohort window; one orders before the window closes.
    await post(engine, [signup('buyer'), signup('newcomer')]);
    await postAndTick(engine, [
      event(engine, 'order-buyer', 'buyer', 'purchase', { orderId: 'o-1', orderValue: 120 }),
    ]);

    // Assess: the buyer is turned away at entry; only the newcomer gets the gift.
    expect(stepsReceivedBy(delivered, 'newcomer')).toEqual(['first-purchase-gift/send-gift']);
    expect(stepsReceivedBy(delivered, 'buyer')).toEqual([]);
    expect(await funnelTotal(engine, 'first-purchase-gift', 'excluded')).toBe(1);
    expect(await funnelTotal(engine, 'first-purchase-gift', 'granted', { stepId: 'grant-gift' })).toBe(1);
  });

  test('a customer refused a once-ever gift they already had is skipped, counted as without the offer', async () => {
    // Prepare: the gift was granted to the member by an earlier journey.
    const { engine, delivered } = await harness(['first-purchase-gift'], PREHEAT_AT);
    await engine.deps.stores.ledger.grant(
      {
        offerId: 'first-purchase-gift',
        once: true,
        runId: 'earlier-run',
        stepId: 'grant',
        shard: 0,
        task: 'earlier-cohort',
      },
      ['member'],
      engine.clock.now(),
    );

    // Act
    await postAndTick(engine, [
      event(engine, 'signup-member', 'member', 'signup', {
        timezone: SHANGHAI,
        email: 'member@example.com',
        consent: { email: true },
      }),
    ]);

    // Assess
    expect(stepsReceivedBy(delivered, 'member')).toEqual([]);
    expect(await funnelTotal(engine, 'first-purchase-gift', 'skippedNoOffer', { stepId: 'send-gift' })).toBe(
      1,
    );
    expect(await funnelTotal(engine, 'first-purchase-gift', 'alreadyGranted')).toBe(1);
  });
});
