import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import {
  distinctMessages,
  funnelTotal,
  idsFor,
  playUntil,
  postAndTick,
  profile,
} from '../support/engine/engine-harness.ts';
import { itemsHolding } from '../support/engine/erasure-scenario.ts';
import { cart, harnessPerTest, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

describe('quiet hours', () => {
  test("a reminder that falls at 23:02 in the customer's zone goes out at 08:00 their time, on the next tick", async () => {
    // Prepare: 21:59 in Shanghai, 14:59 in London. The 13:00-14:00 window is taken at 14:02 (two minutes
    // of grace) and the reminder comes an hour after the cohort starts.
    const [inShanghai = '', inLondon = ''] = idsFor('shopper', 2, { treatedIn: ['cart-nudge'] });
    const { engine, delivered } = await harness(['cart-nudge'], '2027-06-11T13:59:00Z');
    await engine.deps.stores.customers.putMany([
      profile(inShanghai, { timezone: SHANGHAI, consent: { push: true } }),
      profile(inLondon, { timezone: 'Europe/London', consent: { push: true } }),
    ]);
    const reminders = (customerId: string) =>
      distinctMessages(delivered).filter(
        (message) => message.customerId === customerId && message.stepId === 'send-cart-reminder',
      );
    const reached = async () => {
      const [run] = await engine.deps.stores.runs.runs('cart-nudge');
      return (await engine.deps.stores.ledger.reachedCustomers('cart-nudge', run?.runId ?? '')).sort();
    };

    // Act: the reminders are due at 15:02Z (23:02 in Shanghai, 16:02 in London).
    await postAndTick(engine, [cart(engine, 'cart-sh', inShanghai), cart(engine, 'cart-ldn', inLondon)]);
    await playUntil(engine, '2027-06-11T15:30:00Z');
    const deferredAtNight = await funnelTotal(engine, 'cart-nudge', 'deferredQuietHours');
    const atNight = reminders(inShanghai).length;
    const reachedAtNight = await reached();
    // The last tick before the morning is at 07:00 in Shanghai.
    await playUntil(engine, '2027-06-11T23:59:00Z');
    const beforeMorning = reminders(inShanghai).length;
    // The tick at 08:00 in Shanghai, then a few more.
    await playUntil(engine, '2027-06-12T00:00:00Z');
    const byEight = reminders(inShanghai).map((message) => message.at);
    await playUntil(engine, '2027-06-12T02:00:00Z');

    // Assess
    expect(reminders(inLondon).map((message) => message.at)).toEqual([Date.parse('2027-06-11T15:02:00Z')]);
    expect(deferredAtNight).toBe(1);
    expect(atNight).toBe(0);
    expect(beforeMorning).toBe(0);
    expect(byEight).toEqual([Date.parse('2027-06-12T00:00:00Z')]);
    const [morning] = reminders(inShanghai);
    expect(DateTime.fromMillis(morning?.at ?? 0, { zone: SHANGHAI }).toFormat('yyyy-MM-dd HH:mm')).toBe(
      '2027-06-12 08:00',
    );
    expect(reminders(inShanghai)).toHaveLength(1);
    expect(await funnelTotal(engine, 'cart-nudge', 'sent', { stepId: 'send-cart-reminder' })).toBe(2);
    // The deferred record became a sent one in the shard's send log: the run reached both.
    expect(reachedAtNight).toEqual([inLondon]);
    expect(await reached()).toEqual([inLondon, inShanghai].sort());
    const [run] = await engine.deps.stores.runs.runs('cart-nudge');
    const logged = await engine.deps.stores.ledger.loggedSends({
      journeyId: 'cart-nudge',
      runId: run?.runId ?? '',
      stepId: 'send-cart-reminder',
      cohortId: run?.runId ?? '',
      shard: 0,
    });
    expect(logged.get(inShanghai)).toMatchObject({ outcome: 'sent', at: Date.parse('2027-06-12T00:00:00Z') });
    expect(logged.get(inLondon)).toMatchObject({ outcome: 'sent', at: Date.parse('2027-06-11T15:02:00Z') });
    // Funnel rows hold counts: no customer id, not even in the key of the deferred item's row.
    const funnelItems = (await itemsHolding(engine, [inShanghai, inLondon])).filter((line) =>
      line.includes('"pk":"funnel'),
    );
    expect(funnelItems).toEqual([]);
  });
});
