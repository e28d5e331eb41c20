import { sendAt, sendWindowOf } from '../../../workflows/evaluation/send-window.ts';
import type { Channel } from '../../../workflows/schema/index.ts';
import { sendKey } from '../dynamo/keys.ts';
import { quietWindow } from '../runtime/config.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import type { DeferredPlace } from '../stores/deferrals.ts';
import { sleep } from '../util/backoff.ts';
import { allOrFirstError } from '../util/concurrency.ts';
import type { DeliveryOutcome, OutgoingMessage } from './channel-adapter.ts';
import { journeyRateOf, withJourneyRates } from './journey-rates.ts';
import { type Deferral, fileForRate } from './paced-filing.ts';
import { wholeMessages } from './paced-parts.ts';
import {
  deferredDueAt,
  deliveryWindows,
  keysDigest,
  type Slotted,
  sendRatesOf,
  slotIntervalUs,
  slotTimes,
  splitAtDeadline,
  waitDeadline,
} from './pacing.ts';

/** An owed message as the send pipeline holds it; a deferral made for the rate carries its slot. */
export interface PacedPending {
  readonly journeyId: string;
  readonly runId: string;
  readonly step: { readonly id: string };
  readonly customerId: string;
  readonly cohortId: string;
  readonly shard: number;
  /**
   * Set on a send deferred for the rate: the slots of its deferral's customers, by customer id (one
   * moved past quiet hours has none). Such a send was claimed, and counted as sent, at its shard.
   */
  readonly pacedSlots?: Readonly<Record<string, number>>;
  /** The deferred item a tick took the send from. */
  readonly deferredFrom?: { readonly id: string; readonly place: DeferredPlace };
}

export interface PacedOptions {
  /** True for a shard's own send, false for the ticker delivering deferred sends. */
  readonly deferQuiet: boolean;
  /** When the invocation began: a shard waits for slots until SHARD_WAIT_MS after it, a tick TICK_WAIT_MS. */
  readonly invokedAt: number;
  /** Each customer's time zone, for the quiet hours at their slot. */
  readonly timezoneOf: (customerId: string) => string | undefined;
}

/** Whether a send was deferred for the rate: claimed at its shard however long ago, and counted there. */
export const deferredForRate = (send: PacedPending): boolean => send.pacedSlots !== undefined;

/**
 * Delivers messages no faster than their channels' rates (sendRatesOf); unpaced channels go at
 * once. Each paced batch reserves its slots with one shared conditional write, then waits for the
 * slots due by its deadline and defers the rest, at their slots, through the deferred sends the
 * ticker delivers. Waiting costs a Lambda its wall time and is bounded by its timeout, while a
 * deferral costs one item per shard and hour: so a shard waits at most SHARD_WAIT_MS and a tick
 * TICK_WAIT_MS, both from the start of the invocation. A slot in the customer's quiet hours is
 * given up: the message is deferred to their morning, where it takes a new one. Resolves with the
 * outcomes of the messages delivered now; a deferred one has none (it stays recorded as sent).
 */
export async function deliverPaced(
  messages: readonly OutgoingMessage[],
  pending: readonly PacedPending[],
  deps: RuntimeDeps,
  options: PacedOptions,
): Promise<DeliveryOutcome[]> {
  const rates = sendRatesOf(deps.config);
  const unpaced = messages.filter((message) => rates[message.channel] === undefined);
  const journeyPaced = messages.some((message) => journeyRateOf(deps, message.journeyId) !== undefined);
  if (unpaced.length === messages.length && !journeyPaced) return deps.channels.deliver(messages);
  const now = deps.clock.now();
  const sends = new Map(pending.map((send) => [sendKey(send.runId, send.step.id, send.customerId), send]));
  const carriedSlot = (message: OutgoingMessage) => {
    const send = sends.get(message.idempotencyKey);
    const carried = send?.pacedSlots?.[send.customerId];
    return carried !== undefined && carried >= now ? carried : undefined;
  };
  const deploymentQuiet = quietWindow(deps.config);
  // The journey's quiet and opening hours, as the send step checked them before the slot.
  const quietUntil = (message: OutgoingMessage, at: number) => {
    const timezone = options.timezoneOf(message.customerId);
    const journey = deps.catalog.journeys.get(sends.get(message.idempotencyKey)?.journeyId ?? '');
    const window = sendWindowOf(journey, message.channel, deploymentQuiet);
    return timezone === undefined ? undefined : sendAt(at, timezone, window);
  };
  const deadline = waitDeadline(options.invokedAt, options.deferQuiet ? 'shard' : 'tick');
  const slotted: Slotted<OutgoingMessage>[] = [];
  const runs: ShardRun[] = [];
  for (const [channel, perSecond] of Object.entries(rates) as [Channel, number][]) {
    const fresh: OutgoingMessage[] = [];
    const partsSeen = new Map<string, number>();
    for (const message of messages.filter((candidate) => candidate.channel === channel)) {
      const send = sends.get(message.idempotencyKey);
      const carried = send?.pacedSlots?.[send.customerId];
      // A push slotted per device carries its first slot: its parts take the run of slots after it.
      const part = partsSeen.get(message.idempotencyKey) ?? 0;
      partsSeen.set(message.idempotencyKey, part + 1);
      // A slot the ticker came too late for is gone: the message takes a new one, never an extra.
      if (carried !== undefined && carried >= now)
        slotted.push({ item: message, at: carried + Math.ceil((part * slotIntervalUs(perSecond)) / 1000) });
      else fresh.push(message);
    }
    if (fresh.length === 0) continue;
    if (!options.deferQuiet) {
      slotted.push(...(await reserveRun(channel, fresh, perSecond, now, deps)));
      continue;
    }
    const run = await shardRun(channel, fresh, perSecond, { deps, now, deadline, quietUntil, sends });
    slotted.push(...run.slotted);
    runs.push(run);
  }
  // Journeys with a send rate of their own hold their messages to it too.
  const laned = journeyPaced
    ? await withJourneyRates(slotted, unpaced, { deps, now, carried: carriedSlot })
    : { slotted, unpaced };
  const deferrals: Deferral[] = [];
  const timed: Slotted<OutgoingMessage>[] = [];
  // A message pushed into quiet hours here keeps the journey-limit claim its shard made: it counts
  // on the day it was claimed, not the day it goes out (docs/journey-language.md, "Days, clock changes").
  for (const entry of laned.slotted) {
    const morning = quietUntil(entry.item, entry.at);
    if (morning === undefined) timed.push(entry);
    else deferrals.push({ message: entry.item, dueAt: morning });
  }
  const split = splitAtDeadline(timed, deadline);
  for (const { item, at } of split.later)
    deferrals.push({ message: item, slot: at, dueAt: deferredDueAt(at, now) });
  // A push slotted per device (paced-parts.ts) goes whole: now, or deferred with all its devices.
  const whole = wholeMessages(split.now, deferrals, now);
  // A tick files under an id of its own; a shard's retry apart from the items its first attempt filed.
  const retried = runs.some((run) => run.retried);
  const idSuffix = options.deferQuiet ? (retried ? '-retry' : '') : `-${options.invokedAt}`;
  // Filed, and the shard's run kept, before the first wait: a retry finds them, and the local
  // clock does not move on while they are written.
  await fileForRate(whole.deferrals, sends, deps, { now, idSuffix });
  for (const run of runs) await run.keep?.();
  return deliverOnTime(laned.unpaced, whole.now, deps);
}

interface ShardRun {
  readonly slotted: Slotted<OutgoingMessage>[];
  readonly retried: boolean;
  readonly keep?: () => Promise<void>;
}

/**
 * A shard's run of slots on one channel, in key order. A retry of the shard (its reservation kept,
 * for the same messages) takes the same slots: what its first attempt deferred stays filed and is
 * left out, and only a message whose slot has passed takes a new one.
 */
async function shardRun(
  channel: Channel,
  fresh: readonly OutgoingMessage[],
  perSecond: number,
  context: {
    readonly deps: RuntimeDeps;
    readonly now: number;
    readonly deadline: number;
    readonly quietUntil: (message: OutgoingMessage, at: number) => number | undefined;
    readonly sends: ReadonlyMap<string, PacedPending>;
  },
): Promise<ShardRun> {
  const { deps, now } = context;
  const sorted = [...fresh].sort((a, b) => (a.idempotencyKey < b.idempotencyKey ? -1 : 1));
  const intervalUs = slotIntervalUs(perSecond);
  const keys = keysDigest(sorted.map((message) => message.idempotencyKey));
  const send = sorted[0] && context.sends.get(sorted[0].idempotencyKey);
  if (!send) throw new Error(`no owed send for the paced message ${sorted[0]?.idempotencyKey}`);
  const shardId = [send.runId, send.step.id, send.cohortId, send.shard].join('/');
  const earlier = await deps.stores.sendRates.reservation(channel, shardId);
  if (earlier?.keys === keys && earlier.intervalUs === intervalUs) {
    const times = slotTimes(earlier.firstUs, sorted.length, intervalUs);
    const slotted: Slotted<OutgoingMessage>[] = [];
    const again: OutgoingMessage[] = [];
    for (const [index, message] of sorted.entries()) {
      const at = times[index] ?? now;
      // Filed by the first attempt: past its deadline, or moved past quiet hours.
      if (at > earlier.deadline || context.quietUntil(message, at) !== undefined) continue;
      if (at >= now) slotted.push({ item: message, at });
      else again.push(message);
    }
    slotted.push(...(await reserveRun(channel, again, perSecond, now, deps)));
    return { slotted, retried: true };
  }
  const first = await deps.stores.sendRates.reserve(channel, sorted.length, now, perSecond);
  const times = slotTimes(first, sorted.length, intervalUs);
  const kept = { firstUs: first, intervalUs, keys, deadline: context.deadline };
  return {
    slotted: sorted.map((item, index) => ({ item, at: times[index] ?? now })),
    retried: false,
    keep: () => deps.stores.sendRates.keepReservation(channel, shardId, kept, now),
  };
}

/** A new run of slots for these messages. */
async function reserveRun(
  channel: Channel,
  messages: readonly OutgoingMessage[],
  perSecond: number,
  now: number,
  deps: RuntimeDeps,
): Promise<Slotted<OutgoingMessage>[]> {
  if (messages.length === 0) return [];
  const first = await deps.stores.sendRates.reserve(channel, messages.length, now, perSecond);
  const times = slotTimes(first, messages.length, slotIntervalUs(perSecond));
  return messages.map((item, index) => ({ item, at: times[index] ?? now }));
}

/**
 * Unpaced messages at once, paced ones window by window at their slots, each stamped with the
 * moment it left. A window does not wait for the one before to finish, so a slow provider call
 * never pushes later windows together; after a failure no further window starts.
 */
async function deliverOnTime(
  unpaced: readonly OutgoingMessage[],
  slotted: readonly Slotted<OutgoingMessage>[],
  deps: RuntimeDeps,
): Promise<DeliveryOutcome[]> {
  const sleepUntil = deps.sleepUntil ?? ((at: number) => sleep(Math.max(0, at - deps.clock.now())));
  let failed = false;
  const started: Promise<DeliveryOutcome[]>[] = [];
  const start = (batch: readonly OutgoingMessage[]) => {
    const delivery = deps.channels.deliver(batch);
    delivery.catch(() => {
      failed = true;
    });
    started.push(delivery);
  };
  if (unpaced.length > 0) start(unpaced);
  for (const window of deliveryWindows(slotted)) {
    await sleepUntil(window.at);
    if (failed) break;
    const leftAt = deps.clock.now();
    start(window.items.map((message) => ({ ...message, at: leftAt })));
  }
  await allOrFirstError(started);
  return (await Promise.all(started)).flat();
}
