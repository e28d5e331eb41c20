import { createHash } from 'node:crypto';
import type { Channel } from '../../../workflows/schema/index.ts';
import { FUNCTION_TIMEOUT_SECONDS } from '../../function-table.ts';
import { MINUTE_MS } from '../runtime/clock.ts';
import type { RuntimeConfig } from '../runtime/config.ts';

/**
 * The arithmetic of send slots, apart from any I/O. A channel with a rate hands out slots from one
 * shared cursor, `1/rate` apart: each message goes out no earlier than its slot, so no calendar
 * second holds more than `rate` messages, however many functions send at once (a 100 ms window
 * goes out at its first slot, so a second counted from another moment may hold a tenth more).
 */

/** Messages per second each channel's provider takes; a channel left out is not paced. */
export type SendRates = Readonly<Partial<Record<Channel, number>>>;

/** The environment variable of each channel's rate; in-app messages stay in our own table, unpaced. */
export const RATE_VARIABLES = {
  email: 'EMAIL_MAX_PER_SECOND',
  sms: 'SMS_MAX_PER_SECOND',
  push: 'PUSH_MAX_PER_SECOND',
  webhook: 'WEBHOOK_MAX_PER_SECOND',
} as const satisfies Partial<Record<Channel, keyof RuntimeConfig>>;

/** The configured rate of each paced channel. */
export function sendRatesOf(
  config: Partial<Pick<RuntimeConfig, (typeof RATE_VARIABLES)[keyof typeof RATE_VARIABLES]>>,
): SendRates {
  const rates: Partial<Record<Channel, number>> = {};
  for (const [channel, variable] of Object.entries(RATE_VARIABLES)) {
    const rate = config[variable];
    if (rate !== undefined) rates[channel as Channel] = rate;
  }
  return rates;
}

/** EMAIL_MAX_PER_SECOND and the like, for the channels given a rate: the environment of a runtime. */
export function rateVariablesOf(rates: SendRates): Record<string, string> {
  return Object.fromEntries(
    Object.entries(RATE_VARIABLES).flatMap(([channel, variable]) => {
      const rate = rates[channel as Channel];
      return rate === undefined ? [] : [[variable, String(rate)]];
    }),
  );
}

/**
 * How long a send shard may wait for its slots, from the start of its invocation: two thirds of
 * its function's timeout, which leaves the rest for recording. Slots beyond it are deferred, not
 * slept through.
 */
export const SHARD_WAIT_MS = (FUNCTION_TIMEOUT_SECONDS.send * 1000 * 2) / 3;

/** The minute ticker's period: it delivers the deferred sends that come due. */
export const TICK_PERIOD_MS = MINUTE_MS;

/**
 * How long one tick may wait for the deferred slots it delivers, from the tick's start: most of
 * the minute, keeping 10 s for its own work. A tick that still overruns must not send beside the
 * next one, which would read the same items: the ticker's lease keeps them apart.
 */
export const TICK_WAIT_MS = TICK_PERIOD_MS - 10_000;

/** The last moment an invocation that began at `invokedAt` waits for a slot; later slots are deferred. */
export function waitDeadline(invokedAt: number, invoker: 'shard' | 'tick'): number {
  return invokedAt + (invoker === 'shard' ? SHARD_WAIT_MS : TICK_WAIT_MS);
}

/** Slots of one window go out together: 100 ms divides a second, so each stays in its own second. */
export const WINDOW_MS = 100;

/** Microseconds between two slots at `perSecond`, rounded up: never faster than the rate. */
export function slotIntervalUs(perSecond: number): number {
  if (!(perSecond > 0)) throw new RangeError(`expected a send rate above 0, got ${perSecond}`);
  return Math.ceil(1_000_000 / perSecond);
}

/** The epoch milliseconds of `count` consecutive slots from `firstUs`, each rounded up to the millisecond. */
export function slotTimes(firstUs: number, count: number, intervalUs: number): number[] {
  return Array.from({ length: count }, (_, index) => Math.ceil((firstUs + index * intervalUs) / 1000));
}

/** A message and the moment it may go out. */
export interface Slotted<T> {
  readonly item: T;
  readonly at: number;
}

/** What goes out by `deadline`, in slot order, and what has to wait for a later delivery. */
export function splitAtDeadline<T>(
  slotted: readonly Slotted<T>[],
  deadline: number,
): { readonly now: Slotted<T>[]; readonly later: Slotted<T>[] } {
  const sorted = [...slotted].sort((a, b) => a.at - b.at);
  return { now: sorted.filter((s) => s.at <= deadline), later: sorted.filter((s) => s.at > deadline) };
}

/**
 * Slots grouped by their 100 ms window, each group to go out at its earliest slot: no message
 * leaves before its window, nor in another second than its slot's.
 */
export function deliveryWindows<T>(slotted: readonly Slotted<T>[]): { at: number; items: T[] }[] {
  const windows = new Map<number, { at: number; items: T[] }>();
  for (const { item, at } of [...slotted].sort((a, b) => a.at - b.at)) {
    const key = Math.floor(at / WINDOW_MS);
    const window = windows.get(key) ?? { at, items: [] };
    window.items.push(item);
    windows.set(key, window);
  }
  return [...windows.values()];
}

/**
 * When a deferred slot comes due for the ticker: as early as a tick can still wait for it, and never
 * before now, so it is filed in an hour the ticker still reads (it keeps an hour for LATE_FILING_MS
 * after its end).
 */
export function deferredDueAt(slot: number, now: number): number {
  return Math.max(slot - TICK_WAIT_MS, now);
}

/** A short fingerprint of a set of message keys, whatever their order: a retried shard knows its own batch by it. */
export function keysDigest(keys: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([...keys].sort()))
    .digest('base64url')
    .slice(0, 22);
}
