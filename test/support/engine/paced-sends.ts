import type { LocalEngine } from '../../../engine/engine.ts';
import type { OutgoingMessage } from '../../../functions/commons/channels/channel-adapter.ts';
import {
  cohortWindowMs,
  windowReadyAt,
  windowStart,
} from '../../../functions/commons/cohorts/cohort-window.ts';
import { chunks } from '../../../functions/commons/dynamo/batch.ts';
import { MINUTE_MS } from '../../../functions/commons/runtime/clock.ts';
import { distinctMessages, event, post } from './engine-harness.ts';

/**
 * Scenes of paced email on the first-purchase gift: sign-ups, the tick that starts their cohort
 * (with the channel's slots taken up to a chosen moment by another sender), ticks a minute apart.
 */

/** Sign-ups now of `count` new customers who consent to email; their ids. */
export async function signUps(
  engine: LocalEngine,
  count: number,
  options: { readonly prefix?: string; readonly timezone?: string } = {},
): Promise<string[]> {
  const prefix = options.prefix ?? 'newcomer';
  const ids = Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
  const events = ids.map((id) =>
    event(engine, `signup-${id}`, id, 'signup', {
      timezone: options.timezone ?? 'Europe/London',
      consent: { email: true },
      email: `${id}@example.com`,
    }),
  );
  for (const batch of chunks(events, 300)) await post(engine, batch);
  return ids;
}

/**
 * Moves to the moment the cohort windows holding now are ready and ticks, which starts their
 * cohorts; with `slotsFrom`, another sender has first taken the email slots up to that moment.
 * Resolves once the shards have sent what they send at once (they may still wait for slots).
 */
export async function startCohorts(
  engine: LocalEngine,
  options: { readonly slotsFrom?: number; readonly perSecond: number },
): Promise<number> {
  const now = engine.clock.now();
  const ready = Math.max(
    ...[...engine.deps.catalog.journeys.values()].map((journey) => {
      const window = cohortWindowMs(journey);
      return windowReadyAt(windowStart(now, window), window);
    }),
  );
  await engine.advanceTo(ready);
  await takeSlotsUntil(engine, options.slotsFrom, options.perSecond);
  await engine.tick();
  await engine.clock.idle();
  return ready;
}

/** Another sender on the channel: the email slots from now up to `until` are taken. */
export async function takeSlotsUntil(
  engine: LocalEngine,
  until: number | undefined,
  perSecond: number,
): Promise<void> {
  const now = engine.clock.now();
  const from = Math.max(now, (await engine.deps.stores.sendRates.nextSlot('email')) ?? now);
  if (until === undefined || until <= from) return;
  const taken = Math.round(((until - from) / 1000) * perSecond);
  await engine.deps.stores.sendRates.reserve('email', taken, now, perSecond);
}

/** Ticks at each whole minute from the next one up to `until` (inclusive), as the ticker does in AWS. */
export async function tickEachMinuteUntil(engine: LocalEngine, until: number): Promise<void> {
  for (let at = Math.ceil(engine.clock.now() / MINUTE_MS) * MINUTE_MS; at <= until; at += MINUTE_MS) {
    await engine.advanceTo(at);
    await engine.tick();
  }
  await engine.clock.idle();
}

/** The welcome emails handed to the channel (redeliveries included) and how often each key went out. */
export function giftEmails(delivered: readonly OutgoingMessage[]) {
  const emails = delivered.filter((message) => message.stepId === 'send-gift');
  const times = new Map<string, number>();
  for (const email of emails) times.set(email.idempotencyKey, (times.get(email.idempotencyKey) ?? 0) + 1);
  const distinct = distinctMessages(emails);
  const bySecond = new Map<number, number>();
  for (const { at } of distinct)
    bySecond.set(Math.floor(at / 1000), (bySecond.get(Math.floor(at / 1000)) ?? 0) + 1);
  return {
    distinct,
    /** Keys that went out more than once. */
    repeated: [...times].filter(([, count]) => count > 1).map(([key]) => key),
    busiestSecond: Math.max(0, ...bySecond.values()),
    last: Math.max(0, ...distinct.map((email) => email.at)),
  };
}
