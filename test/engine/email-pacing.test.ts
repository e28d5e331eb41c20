import { describe, expect, test, vi } from 'vitest';
import { providerSeconds } from '../../bench/provider-rate.ts';
import type { LocalEngine } from '../../engine/engine.ts';
import { TICK_PERIOD_MS } from '../../functions/commons/channels/pacing.ts';
import { chunks } from '../../functions/commons/dynamo/batch.ts';
import { MINUTE_MS } from '../../functions/commons/runtime/clock.ts';
import {
  distinctMessages,
  event,
  funnelTotal,
  type Harness,
  post,
  postAndTick,
} from '../support/engine/engine-harness.ts';
import { harnessPerTest } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

/** 11:00 in London: no one's quiet hours. */
const START = '2027-06-11T10:00:00Z';

/** `count` sign-ups of one moment that consent to email, each a new customer of the first-purchase gift. */
async function signUp(engine: LocalEngine, count: number): Promise<void> {
  const events = Array.from({ length: count }, (_, index) =>
    event(engine, `signup-${index}`, `newcomer-${index}`, 'signup', {
      timezone: 'Europe/London',
      consent: { email: true },
      email: `newcomer-${index}@example.com`,
    }),
  );
  const batches = chunks(events, 300);
  for (const batch of batches.slice(0, -1)) await post(engine, batch);
  await postAndTick(engine, batches.at(-1) ?? []);
}

/** Moves time on a minute at a time with a tick each minute, as the ticker runs in AWS. */
async function tickEveryMinute(engine: LocalEngine, minutes: number): Promise<void> {
  const from = Math.ceil(engine.clock.now() / MINUTE_MS) * MINUTE_MS;
  for (let minute = 0; minute <= minutes; minute += 1) {
    await engine.advanceTo(from + minute * MINUTE_MS);
    await engine.tick();
  }
  await engine.clock.idle();
}

/** The welcome emails, once each, with how many left in each virtual second. */
function giftEmails({ delivered }: Harness) {
  const emails = distinctMessages(delivered).filter((message) => message.stepId === 'send-gift');
  const bySecond = new Map<number, number>();
  for (const email of emails)
    bySecond.set(Math.floor(email.at / 1000), (bySecond.get(Math.floor(email.at / 1000)) ?? 0) + 1);
  const times = emails.map((email) => email.at);
  return {
    count: emails.length,
    redelivered: delivered.filter((message) => message.stepId === 'send-gift').length - emails.length,
    busiestSecond: Math.max(0, ...bySecond.values()),
    seconds: bySecond.size,
    spanMs: times.length > 0 ? Math.max(...times) - Math.min(...times) : 0,
  };
}

describe('email paced to the provider rate', () => {
  test('at 5 emails a second, a cohort of 200 takes 40 virtual seconds, never more than 5 in one', async () => {
    // Prepare
    const run = await harness(['first-purchase-gift'], START, {
      environment: { EMAIL_MAX_PER_SECOND: '5' },
    });

    // Act: the hour's sign-ups start one cohort; its one shard waits for its slots.
    await signUp(run.engine, 200);
    await tickEveryMinute(run.engine, 5);

    // Assess
    const emails = giftEmails(run);
    expect(emails.count).toBe(200);
    expect(emails.busiestSecond).toBeLessThanOrEqual(5);
    expect(emails.seconds).toBeGreaterThanOrEqual(40);
    expect(emails.spanMs).toBeGreaterThanOrEqual(199 * 200);
    expect(emails.redelivered).toBe(0);
    expect(await funnelTotal(run.engine, 'first-purchase-gift', 'sent', { stepId: 'send-gift' })).toBe(200);
  });

  test('unpaced, the same cohort goes out in one moment', async () => {
    // Prepare
    const run = await harness(['first-purchase-gift'], START);

    // Act
    await signUp(run.engine, 200);
    await tickEveryMinute(run.engine, 1);

    // Assess
    const emails = giftEmails(run);
    expect(emails.count).toBe(200);
    expect(emails.busiestSecond).toBe(200);
  });

  test('slots past what a shard may wait for are deferred to the ticker, which sends them at their slots', async () => {
    // Prepare: two shards (500 and 100) share 5 a second: 120 s of slots, a shard waits 40 s at most.
    const run = await harness(['first-purchase-gift'], START, {
      environment: { EMAIL_MAX_PER_SECOND: '5' },
    });

    // Act
    await signUp(run.engine, 600);
    await tickEveryMinute(run.engine, 10);

    // Assess
    const emails = giftEmails(run);
    expect(emails.count).toBe(600);
    expect(emails.busiestSecond).toBeLessThanOrEqual(5);
    expect(emails.seconds).toBeGreaterThanOrEqual(120);
    expect(await funnelTotal(run.engine, 'first-purchase-gift', 'sent', { stepId: 'send-gift' })).toBe(600);
    expect(
      await funnelTotal(run.engine, 'first-purchase-gift', 'redelivered', { stepId: 'send-gift' }),
    ).toBeGreaterThan(0);
  });

  test('deferred emails are filed before the shard waits, so the ticks find each slot in time', async () => {
    // Prepare: 1,200 emails at 5 a second over three shards; 1,000 slots lie past the shards' wait.
    const run = await harness(['first-purchase-gift'], START, {
      environment: { EMAIL_MAX_PER_SECOND: '5' },
    });
    const { stores } = run.engine.depsOf('first-purchase-gift');
    const [reserve, markDeferred] = [
      stores.sendRates.reserve.bind(stores.sendRates),
      stores.pendingWork.markDeferred.bind(stores.pendingWork),
    ];
    const [reservedAt, filedAt] = [new Set<number>(), new Set<number>()];
    vi.spyOn(stores.sendRates, 'reserve').mockImplementation(async (...args) => {
      reservedAt.add(run.engine.clock.now());
      return reserve(...args);
    });
    vi.spyOn(stores.pendingWork, 'markDeferred').mockImplementation(async (place, now) => {
      filedAt.add(run.engine.clock.now());
      return markDeferred(place, now);
    });

    // Act
    await signUp(run.engine, 1_200);
    await tickEveryMinute(run.engine, 10);

    // Assess: each shard filed at the moment it took its slots, not while it waited for them.
    expect(filedAt.size).toBeGreaterThan(0);
    expect([...filedAt].filter((at) => !reservedAt.has(at))).toEqual([]);
    const emails = giftEmails(run);
    expect(emails.count).toBe(1_200);
    expect(emails.busiestSecond).toBeLessThanOrEqual(5);
    // The ticker keeps 50 s of each minute, so the design's time, to within a tick.
    expect(emails.spanMs).toBeLessThanOrEqual(providerSeconds(1_200, 5) * 1000 + TICK_PERIOD_MS);
  });
});
