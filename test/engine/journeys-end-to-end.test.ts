import { DateTime } from 'luxon';
import { afterEach, describe, expect, type MockInstance, test, vi } from 'vitest';
import type { LocalEngine } from '../../engine/engine.ts';
import { PAYERS } from '../../engine/metering/payers.ts';
import type { FunnelRow, FunnelStore } from '../../functions/commons/stores/funnel.ts';
import {
  crashAfterWork,
  distinctMessages,
  event,
  funnelTotal,
  type Harness,
  idsFor,
  playUntil,
  post,
  postAndTick,
  profile,
  startHarness,
  stepsReceivedBy,
} from '../support/engine/engine-harness.ts';

// 10:00 in Shanghai on 11 June 2027: when the 618 preheat is scheduled to start.
const PREHEAT_AT = '2027-06-11T02:00:00.000Z';
const SHANGHAI = 'Asia/Shanghai';

let running: LocalEngine | undefined;

/** A fresh engine per test, stopped after it whatever happens. */
async function harness(...args: Parameters<typeof startHarness>): Promise<Harness> {
  const started = await startHarness(...args);
  running = started.engine;
  return started;
}

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const cart = (engine: LocalEngine, eventId: string, customerId: string, cartValue = 80) =>
  event(engine, eventId, customerId, 'add_to_cart', { cartValue });

/** Fails the first count set of `journeyId` that `matches`, as if the write were throttled; the rest go through. */
function failFirstCountSet(
  engine: LocalEngine,
  journeyId: string,
  matches: (row: FunnelRow) => boolean,
): MockInstance<FunnelStore['set']> {
  const funnel = engine.depsOf(journeyId).stores.funnel;
  const setCounts = funnel.set.bind(funnel);
  let failed = false;
  return vi.spyOn(funnel, 'set').mockImplementation(async (row, task) => {
    if (failed || !matches(row)) return setCounts(row, task);
    failed = true;
    throw new Error('ProvisionedThroughputExceededException');
  });
}

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

describe('once-per-customer grants', () => {
  test('the first-purchase gift is granted once per customer ever, across journeys, runs and duplicated events', async () => {
    // Prepare: an A-tier member the preheat reaches and the re-touch puts in variant b (the gift again).
    const [neverBought = ''] = idsFor('member', 1, {
      treatedIn: ['preheat-618', 'retouch-non-converters'],
      variant: ['retouch-non-converters', 'split-offer', 'b'],
    });
    const newcomer = 'newcomer-1';
    const { engine } = await harness(
      ['preheat-618', 'retouch-non-converters', 'first-purchase-gift'],
      PREHEAT_AT,
    );
    await engine.deps.stores.customers.putMany([
      profile(neverBought, {
        member: true,
        tier: 'A',
        timezone: SHANGHAI,
        consent: { sms: true, email: true },
      }),
    ]);
    const signup = (eventId: string, customerId: string) =>
      event(engine, eventId, customerId, 'signup', { timezone: SHANGHAI, consent: { email: true } });

    // Act: the preheat grants the gift; both sign up (the newcomer's signup arrives twice, then a
    // second signup of theirs); after the sale the re-touch offers the gift again.
    await engine.fireSchedule('preheat-618');
    await engine.clock.idle();
    await engine.advanceTo(Date.parse('2027-06-11T03:00:00Z'));
    const first = await postAndTick(engine, [
      signup('signup-newcomer', newcomer),
      signup('signup-member', neverBought),
    ]);
    const again = await postAndTick(engine, [signup('signup-newcomer', newcomer)]);
    const resignup = await postAndTick(engine, [signup('signup-newcomer-2', newcomer)]);
    await playUntil(engine, '2027-06-21T02:00:00Z');
    await engine.fireSchedule('retouch-non-converters');
    await engine.clock.idle();

    // Assess: the signups
    expect(first.map((result) => result.status)).toEqual(['accepted', 'accepted']);
    expect(again).toEqual([expect.objectContaining({ status: 'duplicate' })]);
    expect(resignup).toEqual([expect.objectContaining({ status: 'accepted', enrolled: [] })]);
    const giftRuns = (await engine.deps.stores.enrollments.membershipsOf(newcomer)).filter(
      (membership) => membership.journeyId === 'first-purchase-gift',
    );
    expect(giftRuns).toHaveLength(1);
    // Assess: the grants, one per customer
    const grant = (journeyId: string, stepId: string) =>
      Promise.all([
        funnelTotal(engine, journeyId, 'granted', { stepId }),
        funnelTotal(engine, journeyId, 'alreadyGranted', { stepId }),
      ]);
    expect(await grant('preheat-618', 'grant-first-purchase-gift')).toEqual([1, 0]);
    expect(await grant('first-purchase-gift', 'grant-gift')).toEqual([1, 1]);
    expect(await grant('retouch-non-converters', 'grant-first-purchase-gift')).toEqual([0, 1]);
  });
});

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
  });
});

describe('the bill by payer', () => {
  test("a deferred send delivered by the ticker is charged to its journey; the payers add up to the run's totals", async () => {
    // Prepare: the reminder falls at 23:02 in Shanghai and waits for the ticker at 08:00.
    const [customerId = ''] = idsFor('payer', 1, { treatedIn: ['cart-nudge'] });
    const { engine, delivered } = await harness(['cart-nudge'], '2027-06-11T13:59:00Z');
    await engine.deps.stores.customers.putMany([
      profile(customerId, { timezone: SHANGHAI, consent: { push: true } }),
    ]);

    // Act
    await postAndTick(engine, [cart(engine, 'cart-payer', customerId)]);
    await playUntil(engine, '2027-06-12T02:00:00Z');

    // Assess
    expect(distinctMessages(delivered).map((message) => message.stepId)).toContain('send-cart-reminder');
    const operations = engine.operations();
    const payers = operations.byPayer;
    // Both messages' outbox rows (the one sent at once and the deferred one) are cart-nudge's.
    expect(payers['cart-nudge']?.dynamo.providerWriteCapacity).toBe(distinctMessages(delivered).length);
    expect(payers.ticker?.dynamo.providerWriteCapacity).toBe(0);
    expect(payers['events-api']?.dynamo.writeCapacity).toBeGreaterThan(0);
    const sum = (pick: (counts: (typeof payers)[string]) => number) =>
      Object.values(payers).reduce((total, counts) => total + pick(counts), 0);
    expect(sum((counts) => counts.dynamo.requests)).toBe(operations.dynamo.total());
    expect(sum((counts) => counts.dynamo.writeCapacity)).toBeCloseTo(operations.dynamo.writeCapacity, 6);
    expect(sum((counts) => counts.dynamo.readCapacity)).toBeCloseTo(operations.dynamo.readCapacity, 6);
    const calls: Record<string, number> = {};
    for (const counts of Object.values(payers))
      for (const [name, count] of Object.entries(counts.lambdaInvocations))
        calls[name] = (calls[name] ?? 0) + count;
    expect(calls).toEqual(operations.lambdaInvocations);
    expect(payers['cart-nudge']?.lambdaInvocations.send).toBeGreaterThan(0);
    expect(payers.ticker?.lambdaInvocations['start-cohorts']).toBeGreaterThan(0);
  });
});

describe('frequency cap', () => {
  test('a cap of one message a day holds across journeys, and the next day the customer can hear again', async () => {
    // Prepare
    const [member = ''] = idsFor('member', 1, { treatedIn: ['preheat-618', 'cart-nudge'] });
    const { engine, delivered } = await harness(['preheat-618', 'cart-nudge'], PREHEAT_AT, {
      environment: { FREQUENCY_CAP_PER_DAY: '1' },
    });
    await engine.deps.stores.customers.putMany([
      profile(member, {
        member: true,
        tier: 'E',
        orderCount: 1,
        timezone: SHANGHAI,
        consent: { email: true, push: true },
      }),
    ]);
    const onDay = (day: string) =>
      distinctMessages(delivered).filter((message) => new Date(message.at).toISOString().startsWith(day));

    // Act: the preheat emails at 10:00; a cart at 10:30 would push a reminder at 11:31, the same day.
    await engine.fireSchedule('preheat-618');
    await engine.clock.idle();
    await engine.advanceTo(Date.parse('2027-06-11T02:30:00Z'));
    await postAndTick(engine, [cart(engine, 'cart-1', member)]);
    await playUntil(engine, '2027-06-11T12:00:00Z');
    const firstDay = onDay('2027-06-11');
    await playUntil(engine, '2027-06-12T06:00:00Z');

    // Assess
    expect(firstDay.map((message) => `${message.journeyId}/${message.stepId}`)).toEqual([
      'preheat-618/send-category-coupon',
    ]);
    expect(await funnelTotal(engine, 'cart-nudge', 'capped', { stepId: 'send-cart-reminder' })).toBe(1);
    expect(await funnelTotal(engine, 'cart-nudge', 'capped')).toBeGreaterThanOrEqual(1);
    expect(onDay('2027-06-12').map((message) => `${message.journeyId}/${message.stepId}`)).toEqual([
      'cart-nudge/send-cart-coupon',
    ]);
  });
});

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

describe('holdout', () => {
  test('preheat-618 holdout customers receive nothing and are counted as held out', async () => {
    // Prepare
    const heldOut = idsFor('held', 3, { heldOutOf: ['preheat-618'] });
    const treated = idsFor('member', 12, { treatedIn: ['preheat-618'] });
    const { engine, delivered } = await harness(['preheat-618'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany(
      [...heldOut, ...treated].map((id) =>
        profile(id, { member: true, tier: 'E', orderCount: 1, timezone: SHANGHAI, consent: { email: true } }),
      ),
    );

    // Act
    await engine.fireSchedule('preheat-618');
    await engine.clock.idle();

    // Assess
    const reached = new Set(distinctMessages(delivered).map((message) => message.customerId));
    expect([...reached].sort()).toEqual([...treated].sort());
    for (const id of heldOut) expect(reached.has(id)).toBe(false);
    expect(await funnelTotal(engine, 'preheat-618', 'heldOut')).toBe(heldOut.length);
    expect(await funnelTotal(engine, 'preheat-618', 'entered', { stepId: '$journey' })).toBe(
      heldOut.length + treated.length,
    );
  });

  test('an entry whose counts fail after the held out left the shard is retried and counts everyone once', async () => {
    // Prepare
    const heldOut = idsFor('held-retry', 3, { heldOutOf: ['preheat-618'] });
    const treated = idsFor('member-retry', 12, { treatedIn: ['preheat-618'] });
    const { engine } = await harness(['preheat-618'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany(
      [...heldOut, ...treated].map((id) =>
        profile(id, { member: true, tier: 'E', orderCount: 1, timezone: SHANGHAI, consent: { email: true } }),
      ),
    );
    const countSets = failFirstCountSet(engine, 'preheat-618', (row) => row.variant === 'holdout');

    // Act
    await engine.fireSchedule('preheat-618');
    await engine.clock.idle();

    // Assess: the retry no longer finds the held out among the members, and counts them from the shard's exits.
    expect(countSets.mock.calls.filter(([row]) => row.variant === 'holdout')).toHaveLength(2);
    expect(await funnelTotal(engine, 'preheat-618', 'heldOut')).toBe(heldOut.length);
    expect(await funnelTotal(engine, 'preheat-618', 'entered', { stepId: '$journey' })).toBe(
      heldOut.length + treated.length,
    );
    expect(engine.executions.list().filter((execution) => execution.status === 'FAILED')).toEqual([]);
  });
});

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

describe('wait_for checks', () => {
  test('a check at which nobody did the event reads only the signals; the one after the order moves the customer', async () => {
    // Prepare: a new customer signs up and enters first-purchase-gift (no goal; it waits for a purchase)
    const newcomer = 'newcomer-checks';
    const { engine, delivered } = await harness(['first-purchase-gift'], PREHEAT_AT);
    await postAndTick(engine, [
      event(engine, 'signup-checks', newcomer, 'signup', { timezone: SHANGHAI, consent: { email: true } }),
    ]);
    const memberReads = vi.spyOn(engine.depsOf('first-purchase-gift').stores.cohorts, 'members');

    // Act: two checks pass with no order, then the customer orders before the third
    await playUntil(engine, engine.clock.now() + 13 * 3_600_000);
    const readsWithoutOrder = memberReads.mock.calls.length;
    await post(engine, [
      event(engine, 'order-checks', newcomer, 'purchase', { orderId: 'order-checks', orderValue: 60 }),
    ]);
    // The next check falls in quiet hours in Shanghai: the thank-you goes out at 08:00 their time.
    await playUntil(engine, engine.clock.now() + 11 * 3_600_000);

    // Assess
    expect(readsWithoutOrder).toBe(0);
    expect(memberReads).toHaveBeenCalled();
    expect(stepsReceivedBy(delivered, newcomer)).toContain('first-purchase-gift/send-thank-you');
  });
});

describe('wait_for check retries', () => {
  test('a check that moved a customer and then crashed is retried, and the customer still gets the thank-you', async () => {
    // Prepare: the first check that moves someone does all its work, then fails as if the Lambda crashed
    const newcomer = 'newcomer-crash';
    const fault = crashAfterWork('Partition', (output) => (output as { moved?: boolean }).moved === true);
    const { engine, delivered } = await harness(['first-purchase-gift'], PREHEAT_AT, {
      wrapTask: fault.wrapTask,
    });
    await postAndTick(engine, [
      event(engine, 'signup-crash', newcomer, 'signup', { timezone: SHANGHAI, consent: { email: true } }),
    ]);

    // Act: the customer orders; the next check moves them, crashes, and is retried
    await post(engine, [
      event(engine, 'order-crash', newcomer, 'purchase', { orderId: 'order-crash', orderValue: 60 }),
    ]);
    await playUntil(engine, engine.clock.now() + 24 * 3_600_000);

    // Assess
    expect(fault.crashed()).toBe(true);
    expect(stepsReceivedBy(delivered, newcomer)).toContain('first-purchase-gift/send-thank-you');
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });
});

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

describe('retries', () => {
  test('a send that crashes after delivering is retried by the state machine and the customer gets the message once', async () => {
    // Prepare: the first Send invocation does all its work, then fails as if the Lambda crashed.
    const shoppers = idsFor('shopper', 3, { treatedIn: ['cart-nudge'] });
    const fault = crashAfterWork('Send');
    const sendAttempts = fault.attempts;
    const { engine, delivered } = await harness(['cart-nudge'], PREHEAT_AT, { wrapTask: fault.wrapTask });
    await engine.deps.stores.customers.putMany(
      shoppers.map((id) => profile(id, { timezone: SHANGHAI, consent: { push: true } })),
    );

    // Act
    await postAndTick(
      engine,
      shoppers.map((id) => cart(engine, `cart-${id}`, id)),
    );
    await playUntil(engine, '2027-06-12T06:00:00Z');

    // Assess: the reminder shard ran twice, yet each customer has one reminder, under one key.
    const reminderAttempts = sendAttempts.filter(
      (payload) => (payload as { step?: { id?: string } }).step?.id === 'send-cart-reminder',
    );
    expect(reminderAttempts).toHaveLength(2);
    for (const id of shoppers) {
      const reminders = delivered.filter(
        (message) => message.customerId === id && message.stepId === 'send-cart-reminder',
      );
      expect(new Set(reminders.map((message) => message.idempotencyKey)).size).toBe(1);
      expect(stepsReceivedBy(delivered, id)).toEqual(['cart-nudge/send-cart-reminder']);
    }
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED']);
    // The shard's send log has one record per message: sent, under the key it was delivered with.
    const [task] = reminderAttempts as { run: { runId: string }; cohortId: string; shard: number }[];
    const logged = await engine.deps.stores.ledger.loggedSends({
      journeyId: 'cart-nudge',
      runId: task?.run.runId ?? '',
      stepId: 'send-cart-reminder',
      cohortId: task?.cohortId ?? '',
      shard: task?.shard ?? -1,
    });
    expect(
      Object.fromEntries([...logged].map(([id, entry]) => [id, [entry.outcome, entry.idempotencyKey]])),
    ).toEqual(
      Object.fromEntries(
        shoppers.map((id) => [
          id,
          [
            'sent',
            delivered.find((message) => message.customerId === id && message.stepId === 'send-cart-reminder')
              ?.idempotencyKey,
          ],
        ]),
      ),
    );
  });

  test('a send that fails after delivering but before counting is retried, and each message is counted sent once', async () => {
    // Prepare: the reminder shard's count write fails once, after its messages went out and were recorded.
    const shoppers = idsFor('counted', 3, { treatedIn: ['cart-nudge'] });
    const { engine, delivered } = await harness(['cart-nudge'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany(
      shoppers.map((id) => profile(id, { timezone: SHANGHAI, consent: { push: true } })),
    );
    const funnel = engine.depsOf('cart-nudge').stores.funnel;
    const setCounts = funnel.set.bind(funnel);
    let failed = false;
    const countWrites = vi.spyOn(funnel, 'set').mockImplementation(async (row, task) => {
      if (failed || row.stepId !== 'send-cart-reminder') return setCounts(row, task);
      failed = true;
      throw new Error('ProvisionedThroughputExceededException');
    });

    // Act
    await postAndTick(
      engine,
      shoppers.map((id) => cart(engine, `cart-${id}`, id)),
    );
    await playUntil(engine, '2027-06-12T06:00:00Z');

    // Assess: the retry found its claims, redelivered under the same keys, and counted what the send log holds.
    expect(countWrites.mock.calls.filter(([row]) => row.stepId === 'send-cart-reminder')).toHaveLength(2);
    expect(
      distinctMessages(delivered).filter((message) => message.stepId === 'send-cart-reminder'),
    ).toHaveLength(3);
    expect(await funnelTotal(engine, 'cart-nudge', 'sent', { stepId: 'send-cart-reminder' })).toBe(3);
    expect(await funnelTotal(engine, 'cart-nudge', 'redelivered', { stepId: 'send-cart-reminder' })).toBe(3);
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED']);
  });

  test('a grant that crashes after granting is retried and counts each customer granted once', async () => {
    // Prepare: the first Grant invocation grants the cart coupon, then fails as if the Lambda crashed.
    const shoppers = idsFor('coupon', 3, { treatedIn: ['cart-nudge'] });
    const fault = crashAfterWork('Grant');
    const { engine } = await harness(['cart-nudge'], PREHEAT_AT, { wrapTask: fault.wrapTask });
    await engine.deps.stores.customers.putMany(
      shoppers.map((id) => profile(id, { timezone: SHANGHAI, consent: { email: true } })),
    );

    // Act
    await postAndTick(
      engine,
      shoppers.map((id) => cart(engine, `cart-${id}`, id)),
    );
    await playUntil(engine, '2027-06-13T06:00:00Z');

    // Assess: the retry found all three grants of the failed attempt and granted nothing again.
    expect(fault.attempts.length).toBe(2);
    const total = (metric: 'granted' | 'alreadyGranted') =>
      funnelTotal(engine, 'cart-nudge', metric, { stepId: 'grant-cart-coupon' });
    expect([await total('granted'), await total('alreadyGranted')]).toEqual([3, 3]);
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED']);
  });
});
