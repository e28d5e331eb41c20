import { describe, expect, test, vi } from 'vitest';
import { PAYERS } from '../../engine/metering/payers.ts';
import {
  distinctMessages,
  funnelTotal,
  idsFor,
  playUntil,
  post,
  postAndTick,
  profile,
} from '../support/engine/engine-harness.ts';
import { cart, harnessPerTest, PREHEAT_AT, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

describe('duplicate events', () => {
  test('a batch that failed after buffering its entry, retried after the window started, enrolls no one twice', async () => {
    // Prepare: the batch's timeline write fails once, after its entry was buffered in the 03:00 window
    const [shopper = ''] = idsFor('retried', 1, { treatedIn: ['cart-nudge'] });
    const { engine } = await harness(['cart-nudge'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany([
      profile(shopper, { timezone: SHANGHAI, consent: { push: true } }),
    ]);
    vi.spyOn(engine.depsOf(PAYERS.eventsApi).stores.events, 'appendToTimelines').mockRejectedValueOnce(
      new Error('throttled'),
    );
    const batch = [cart(engine, 'cart-retried', shopper)];

    // Act: the window's cohort starts with the buffered entry; the client retries an hour later
    const failed = await engine.postEvents(JSON.stringify({ events: batch }));
    await playUntil(engine, Date.parse('2027-06-11T04:30:00Z'));
    const retried = await post(engine, batch);
    await playUntil(engine, Date.parse('2027-06-11T08:00:00Z'));

    // Assess
    expect(failed.statusCode).toBe(500);
    expect(retried).toEqual([expect.objectContaining({ status: 'accepted', enrolled: ['cart-nudge'] })]);
    expect(await funnelTotal(engine, 'cart-nudge', 'entered', { stepId: '$journey' })).toBe(1);
    expect(engine.executions.list()).toHaveLength(1);
  });

  test('the same event id twice, or another cart within the 7-day cooldown, enrolls no one twice', async () => {
    // Prepare
    const [shopper = ''] = idsFor('shopper', 1, { treatedIn: ['cart-nudge'] });
    const { engine, delivered } = await harness(['cart-nudge'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany([
      profile(shopper, { timezone: SHANGHAI, consent: { push: true } }),
    ]);
    const runs = () =>
      engine.executions.list().filter((execution) => execution.machine === 'cart-nudge').length;

    // Act
    const sameBatch = await post(engine, [cart(engine, 'cart-1', shopper), cart(engine, 'cart-1', shopper)]);
    const laterBatch = await postAndTick(engine, [cart(engine, 'cart-1', shopper)]);
    const runsAfterDuplicates = runs();
    await playUntil(engine, '2027-06-12T02:00:00Z');
    const withinCooldown = await postAndTick(engine, [cart(engine, 'cart-2', shopper)]);
    const runsWithinCooldown = runs();
    await playUntil(engine, '2027-06-18T03:00:00Z');
    const afterCooldown = await postAndTick(engine, [cart(engine, 'cart-3', shopper)]);

    // Assess
    expect(sameBatch).toEqual([
      expect.objectContaining({ status: 'accepted', enrolled: ['cart-nudge'] }),
      expect.objectContaining({ status: 'duplicate' }),
    ]);
    expect(laterBatch).toEqual([expect.objectContaining({ status: 'duplicate' })]);
    expect(runsAfterDuplicates).toBe(1);
    expect(withinCooldown).toEqual([expect.objectContaining({ status: 'accepted', enrolled: [] })]);
    expect(runsWithinCooldown).toBe(1);
    expect(afterCooldown).toEqual([
      expect.objectContaining({ status: 'accepted', enrolled: ['cart-nudge'] }),
    ]);
    expect(runs()).toBe(2);
    const firstRun = distinctMessages(delivered).filter(
      (message) => message.at < Date.parse('2027-06-18T00:00:00Z'),
    );
    expect(firstRun.map((message) => message.stepId)).toEqual(['send-cart-reminder']);
  });
});
