import { describe, expect, test, vi } from 'vitest';
import { PAYERS } from '../../engine/metering/payers.ts';
import { event, funnelTotal, idsFor, post, profile } from '../support/engine/engine-harness.ts';
import { cart, harnessPerTest, PREHEAT_AT, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

/**
 * A batch that fails after its profile put is sent again by the client. The failed batch puts the
 * profile back and takes back the attribution rows it added (functions/ingest-events/undo-batch.ts),
 * so the retry leaves what one delivery would. Before that, the first case gave order count 3,
 * spend 290 and revenue 240; the second counted no cart and no order, as the failed put had set
 * the run's marks.
 */
describe('attribution and the profile under a retried ingest batch', () => {
  test.each([
    ['events', 'appendToTimelines'],
    ['funnel', 'setFromEvents'],
  ] as const)(
    'a batch whose %s.%s fails once leaves what one delivery would once the client sends it again',
    async (store, failing) => {
      // Prepare: a treated member of preheat-618's run, with one order before it.
      const [buyer = ''] = idsFor('buyer', 1, { treatedIn: ['preheat-618'] });
      const { engine } = await harness(['preheat-618'], PREHEAT_AT);
      await engine.deps.stores.customers.putMany([
        profile(buyer, {
          member: true,
          tier: 'E',
          orderCount: 1,
          totalSpend: 50,
          timezone: SHANGHAI,
          consent: { email: true },
        }),
      ]);
      await engine.fireSchedule('preheat-618');
      await engine.clock.idle();
      await engine.advanceTo(Date.parse('2027-06-11T04:00:00Z'));
      const batch = [
        cart(engine, 'cart-1', buyer),
        event(engine, 'order-1', buyer, 'purchase', { orderId: 'order-1', orderValue: 120 }),
      ];
      const target = engine.depsOf(PAYERS.eventsApi).stores[store] as unknown as Record<
        string,
        () => Promise<unknown>
      >;
      vi.spyOn(target, failing).mockRejectedValueOnce(new Error('throttled'));

      // Act: the batch fails after the profile put, and the client sends it again.
      const failed = await engine.postEvents(JSON.stringify({ events: batch }));
      const retried = await post(engine, batch);

      // Assess
      expect(failed.statusCode).toBe(500);
      expect(retried.map((result) => result.status)).toEqual(['accepted', 'accepted']);
      const total = (metric: 'addedToCart' | 'ordered' | 'revenue') =>
        funnelTotal(engine, 'preheat-618', metric, { stepId: '$journey' });
      const stored = await engine.deps.stores.customers.get(buyer);
      expect({
        carted: await total('addedToCart'),
        ordered: await total('ordered'),
        revenue: await total('revenue'),
        orderCount: stored?.orderCount,
        totalSpend: stored?.totalSpend,
      }).toEqual({ carted: 1, ordered: 1, revenue: 120, orderCount: 2, totalSpend: 170 });
    },
  );

  test('a new customer whose first batch fails once is left as one delivery would leave them', async () => {
    // Prepare: the batch creates the profile, then its timeline append fails.
    const { engine } = await harness(['preheat-618'], PREHEAT_AT);
    const batch = [
      event(engine, 'signup-new', 'newcomer', 'signup', { timezone: SHANGHAI, consent: { email: true } }),
      event(engine, 'order-new', 'newcomer', 'purchase', { orderId: 'order-new', orderValue: 120 }),
    ];
    vi.spyOn(engine.depsOf(PAYERS.eventsApi).stores.events, 'appendToTimelines').mockRejectedValueOnce(
      new Error('throttled'),
    );

    // Act
    const failed = await engine.postEvents(JSON.stringify({ events: batch }));
    const retried = await post(engine, batch);

    // Assess: before the put-back of a created profile, the retry counted the order twice.
    const stored = await engine.deps.stores.customers.get('newcomer');
    expect(failed.statusCode).toBe(500);
    expect(retried.map((result) => result.status)).toEqual(['accepted', 'accepted']);
    expect({ orderCount: stored?.orderCount, totalSpend: stored?.totalSpend }).toEqual({
      orderCount: 1,
      totalSpend: 120,
    });
  });
});
