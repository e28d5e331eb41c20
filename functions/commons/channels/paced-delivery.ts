import type { Channel } from '../../../workflows/schema/index.ts';
import { sendKey } from '../dynamo/keys.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import { type DeferredGroup, hourOf } from '../stores/deferrals.ts';
import { sleep } from '../util/backoff.ts';
import { allOrFirstError } from '../util/concurrency.ts';
import type { DeliveryOutcome, OutgoingMessage } from './channel-adapter.ts';
import {
  deferredDueAt,
  deliveryWindows,
  SHARD_WAIT_MS,
  type Slotted,
  sendRatesOf,
  slotIntervalUs,
  slotTimes,
  splitAtDeadline,
  tickDeadline,
} from './pacing.ts';

/** An owed message as the send pipeline holds it; a deferral made for the rate carries its slot. */
export interface PacedPending {
  readonly journeyId: string;
  readonly runId: string;
  readonly step: { readonly id: string };
  readonly customerId: string;
  readonly cohortId: string;
  readonly shard: number;
  /** The slots of the customers of the deferral this send came back from, by customer id. */
  readonly pacedSlots?: Readonly<Record<string, number>>;
}

/** When the ticker invocation under way first paced, per set of dependencies (a Lambda container runs one at a time). */
const tickStarts = new WeakMap<object, number>();

/**
 * Delivers messages no faster than their channels' rates (sendRatesOf); unpaced channels go at
 * once. Each paced batch reserves its slots with one shared conditional write, then waits for the
 * slots due by its deadline and defers the rest, at their slots, through the deferred sends the
 * ticker delivers. Waiting costs a Lambda its wall time and is bounded by its timeout, while a
 * deferral costs one item per shard and hour: so a shard waits at most SHARD_WAIT_MS and a tick
 * TICK_WAIT_MS. `deferQuiet` false is the ticker delivering deferred sends. Resolves with the
 * outcomes of the messages delivered now; a deferred one has none (it stays recorded as sent).
 */
export async function deliverPaced(
  messages: readonly OutgoingMessage[],
  pending: readonly PacedPending[],
  deps: RuntimeDeps,
  options: { readonly deferQuiet: boolean },
): Promise<DeliveryOutcome[]> {
  const rates = sendRatesOf(deps.config);
  const unpaced = messages.filter((message) => rates[message.channel] === undefined);
  if (unpaced.length === messages.length) return deps.channels.deliver(messages);
  const now = deps.clock.now();
  const sends = new Map(pending.map((send) => [sendKey(send.runId, send.step.id, send.customerId), send]));
  const slotted: Slotted<OutgoingMessage>[] = [];
  for (const [channel, perSecond] of Object.entries(rates)) {
    const onChannel = messages.filter((message) => message.channel === channel);
    const fresh: OutgoingMessage[] = [];
    for (const message of onChannel) {
      const send = sends.get(message.idempotencyKey);
      const carried = send?.pacedSlots?.[send.customerId];
      // A slot the ticker came too late for is gone: the message takes a new one, never an extra.
      if (carried !== undefined && carried >= now) slotted.push({ item: message, at: carried });
      else fresh.push(message);
    }
    if (fresh.length === 0) continue;
    const first = await deps.stores.sendRates.reserve(channel as Channel, fresh.length, now, perSecond);
    const times = slotTimes(first, fresh.length, slotIntervalUs(perSecond));
    for (const [index, message] of fresh.entries()) slotted.push({ item: message, at: times[index] ?? now });
  }
  const split = splitAtDeadline(slotted, deadlineOf(deps, now, options));
  const delivering = deliverOnTime(unpaced, split.now, deps);
  // A shard's retry files over its own items; a tick files apart from the items it is delivering.
  const deferring = deferToSlots(split.later, sends, deps, {
    now,
    idSuffix: options.deferQuiet ? '' : `-${now}`,
  });
  await allOrFirstError([delivering, deferring]);
  return delivering;
}

function deadlineOf(deps: RuntimeDeps, now: number, options: { readonly deferQuiet: boolean }): number {
  if (options.deferQuiet) return now + SHARD_WAIT_MS;
  const { since, deadline } = tickDeadline(tickStarts.get(deps.stores.sendRates), now);
  tickStarts.set(deps.stores.sendRates, since);
  return deadline;
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

/** The messages whose slots lie past the deadline, filed per shard, step and due hour with their slots. */
async function deferToSlots(
  later: readonly Slotted<OutgoingMessage>[],
  sends: ReadonlyMap<string, PacedPending>,
  deps: RuntimeDeps,
  filing: { readonly now: number; readonly idSuffix: string },
): Promise<void> {
  if (later.length === 0) return;
  const { now } = filing;
  type PacedGroup = {
    id: string;
    payload: Record<string, unknown>;
    slots: Record<string, number>;
    dueAt: Map<string, number>;
  };
  const groups = new Map<string, PacedGroup>();
  for (const { item, at } of later) {
    const send = sends.get(item.idempotencyKey);
    if (!send) throw new Error(`no owed send for the paced message ${item.idempotencyKey}`);
    const { customerId, pacedSlots: _carried, ...payload } = send;
    const dueAt = deferredDueAt(at, now);
    const id = `${[send.runId, send.step.id, send.cohortId, send.shard].join('/')}/paced${filing.idSuffix}`;
    // One group per due hour, so each hour's item carries only its own customers' slots.
    const key = `${id}\u0000${hourOf(dueAt)}`;
    const group: PacedGroup = groups.get(key) ?? { id, payload, slots: {}, dueAt: new Map() };
    group.slots[customerId] = at;
    group.dueAt.set(customerId, dueAt);
    groups.set(key, group);
  }
  const filed: DeferredGroup[] = [...groups.values()].map(({ id, payload, slots, dueAt }) => ({
    id,
    payload: { ...payload, pacedSlots: slots },
    dueAt,
  }));
  const places = await Promise.all(filed.map((group) => deps.stores.ledger.defer(group)));
  await Promise.all(places.flat().map((place) => deps.stores.pendingWork.markDeferred(place, now)));
  deps.metrics.addMetric('SendsDeferredForRate', 'Count', later.length);
}
