import { randomUUID } from 'node:crypto';
import { deferredForRate, type PacedPending } from '../commons/channels/paced-delivery.ts';
import { sendKey } from '../commons/dynamo/keys.ts';
import { forJourney } from '../commons/runtime/journey-scope.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { type DeferredPlace, type DueDeferredGroup, settledBefore } from '../commons/stores/deferrals.ts';
import type { SendRecord } from '../commons/stores/send-log.ts';
import { FUNCTION_TIMEOUT_SECONDS } from '../function-table.ts';
import { withDeliveredOnAccept } from '../send/delivered-on-accept.ts';
import { OUTCOME_METRIC, type PendingSend, sendPending } from '../send/send.ts';
import { reachedGoalSince } from './deferred-goal.ts';

/** A send a tick took from a deferred item. */
type DeferredSend = PendingSend & PacedPending;

/** The lease a tick holds while it delivers deferred sends: two ticks at once would send the same items. */
export const DEFERRED_LEASE = 'ticker-deferred';

/** What a tick made of the deferred sends. */
export interface DeferredDelivery {
  readonly deferredDelivered: number;
  /** Another tick held the lease: this one left the deferred sends to it. */
  readonly deferredSkipped: boolean;
}

/**
 * The deferred sends due now, under the ticker's lease: a tick that overruns its minute, or runs
 * beside the next one, never sends the same items twice. The lease runs out with the function's
 * timeout, so a tick that dies holding it (a timeout) keeps no other out for longer.
 */
export async function deliverDeferredLeased(
  places: readonly DeferredPlace[],
  deps: RuntimeDeps,
  tickedAt: number,
): Promise<DeferredDelivery> {
  if (places.length === 0) return { deferredDelivered: 0, deferredSkipped: false };
  const holder = randomUUID();
  const until = tickedAt + FUNCTION_TIMEOUT_SECONDS['start-cohorts'] * 1000;
  if (!(await deps.stores.leases.acquire(DEFERRED_LEASE, holder, deps.clock.now(), until)))
    return { deferredDelivered: 0, deferredSkipped: true };
  try {
    return { deferredDelivered: await deliverDeferred(places, deps, tickedAt), deferredSkipped: false };
  } finally {
    await deps.stores.leases.release(DEFERRED_LEASE, holder);
  }
}

/**
 * The deferred sends due now, step by step. A paced step waits for its slots until TICK_WAIT_MS
 * after `tickedAt`, the tick's start, whatever ran before it. Each item's counts are set in a row
 * of its own before the item is finished, from what was recorded: a tick retried after sending
 * sets the same counts again, so no message counts twice.
 */
async function deliverDeferred(
  places: readonly DeferredPlace[],
  deps: RuntimeDeps,
  tickedAt: number,
): Promise<number> {
  const now = deps.clock.now();
  const groups = await deps.stores.ledger.dueDeferred(places, now);
  // Sent per (run, step), like the shards that deferred them.
  const byStep = new Map<string, { sends: DeferredSend[]; groups: DueDeferredGroup[] }>();
  for (const group of groups) {
    const payload = group.payload as Omit<DeferredSend, 'customerId'>;
    const key = `${payload.journeyId}\u0000${payload.runId}\u0000${payload.step.id}`;
    const step = byStep.get(key) ?? { sends: [], groups: [] };
    const deferredFrom = { id: group.id, place: group.place };
    step.sends.push(...group.due.map((customerId) => ({ ...payload, customerId, deferredFrom })));
    step.groups.push(group);
    byStep.set(key, step);
  }
  for (const step of byStep.values()) {
    const [first] = step.sends;
    if (!first) continue;
    await forJourney(first.journeyId, async () => {
      // Those who converted while their send waited leave here, as at a step's goal check.
      const converted = await reachedGoalSince(step.sends, deps);
      const sending = step.sends.filter((send) => !converted.has(send.customerId));
      const { settled } =
        sending.length > 0
          ? await sendPending(sending, deps, { deferQuiet: false, invokedAt: tickedAt })
          : { settled: [] };
      const outcomes = new Map(settled.map((record) => [record.idempotencyKey, record]));
      await Promise.all(
        step.groups.map((group) => setGroupCounts(group, step.sends, { outcomes, converted }, deps)),
      );
      await deps.stores.ledger.finishDeferred(step.groups);
    });
  }
  // A settled hour has nothing left to come due; a later one may still get more.
  const hours = new Set(places.map((place) => place.hour));
  for (const hour of hours) if (hour < settledBefore(now)) await deps.stores.pendingWork.finishDeferred(hour);
  return groups.reduce((sum, group) => sum + group.due.length, 0);
}

/**
 * One deferred item's counts, in the row of the item as the tick found it (named by its place, id
 * and when its first remaining send was due: funnel rows name no customer): a retry before the
 * item is finished replaces them, and a later tick's share of a thinned item, whose sends were all
 * due after this tick, gets a row of its own. A send deferred for the rate was counted
 * sent at its shard: it counts as redelivered, or takes back that sent if it no longer went out.
 * A customer who reached the goal meanwhile counts as converted at the step.
 */
async function setGroupCounts(
  group: DueDeferredGroup,
  sends: readonly DeferredSend[],
  settled: { outcomes: ReadonlyMap<string, SendRecord>; converted: ReadonlySet<string> },
  deps: RuntimeDeps,
): Promise<void> {
  const { outcomes, converted } = settled;
  const counts: Record<string, number> = {};
  const count = (metric: string, by = 1) => {
    counts[metric] = (counts[metric] ?? 0) + by;
  };
  const ofGroup = sends.filter(
    (send) => send.deferredFrom?.id === group.id && send.deferredFrom.place === group.place,
  );
  for (const send of ofGroup) {
    if (converted.has(send.customerId)) {
      count('converted');
      if (deferredForRate(send)) count('sent', -1);
      continue;
    }
    const record = outcomes.get(sendKey(send.runId, send.step.id, send.customerId));
    if (!record) continue;
    if (!deferredForRate(send)) count(OUTCOME_METRIC[record.outcome]);
    else if (record.outcome === 'sent') count('redelivered');
    else {
      count('sent', -1);
      count(OUTCOME_METRIC[record.outcome]);
    }
  }
  const [send] = ofGroup;
  if (!send) return;
  const task = `deferred/${group.place.hour}/${group.place.bucket}/${group.id}/${group.firstDueAt}`;
  await deps.stores.funnel.set(
    {
      journeyId: send.journeyId,
      runId: send.runId,
      stepId: send.step.id,
      variant: 'treated',
      counts: withDeliveredOnAccept(send.step.channel, counts),
    },
    task,
  );
}
