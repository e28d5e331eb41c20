import type { StepShardTask } from '../../workflows/contracts/execution.ts';
import { sendAt, sendWindowOf } from '../../workflows/evaluation/send-window.ts';
import type { SendStep } from '../../workflows/schema/index.ts';
import {
  type DeliveryOutcome,
  type OutgoingMessage,
  withContext,
} from '../commons/channels/channel-adapter.ts';
import { deferredForRate, deliverPaced } from '../commons/channels/paced-delivery.ts';
import { joiningParts, outcomePerMessage, partsForPacing } from '../commons/channels/paced-parts.ts';
import { sendRatesOf } from '../commons/channels/pacing.ts';
import { unregisterGoneDevices } from '../commons/channels/push/gone-devices.ts';
import { unsubscribeOptedOut } from '../commons/channels/sms/opt-outs.ts';
import { type ShardResult, stayedInShard } from '../commons/cohorts/shard-result.ts';
import { activeMembers, gained, publishFunnelMetrics } from '../commons/cohorts/shard-task.ts';
import { sendKey } from '../commons/dynamo/keys.ts';
import { quietWindow } from '../commons/runtime/config.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import {
  type OutcomeTally,
  type SendOutcome,
  type SendRecord,
  tallyOutcomes,
} from '../commons/stores/send-log.ts';
import { allOrFirstError, mapLimit } from '../commons/util/concurrency.ts';
import { ingestEvents } from '../ingest-events/ingest.ts';
import { composeMessage } from './compose-message.ts';
import { deferredGroups } from './deferred-groups.ts';
import { withDeliveredOnAccept } from './delivered-on-accept.ts';
import { skipReason } from './eligibility.ts';
import { claimForJourney, releaseRejected } from './journey-claims.ts';
import { offerHolders } from './offer-holders.ts';
import { UnrenderedMessages } from './unrendered-messages.ts';

/** A message that a send step owes one customer; deferred ones carry it until their morning. */
export interface PendingSend {
  readonly journeyId: string;
  readonly runId: string;
  readonly step: SendStep;
  readonly customerId: string;
  /** The shard whose send log keeps the message's record. */
  readonly cohortId: string;
  readonly shard: number;
}

export const OUTCOME_METRIC: Record<SendOutcome, string> = {
  sent: 'sent',
  skipped_consent: 'skippedConsent',
  skipped_unsubscribed: 'skippedUnsubscribed',
  skipped_suppressed: 'skippedSuppressed',
  skipped_no_address: 'skippedNoAddress',
  skipped_no_device: 'skippedNoDevice',
  skipped_no_offer: 'skippedNoOffer',
  deferred_quiet_hours: 'deferredQuietHours',
  capped: 'capped',
  rejected: 'rejected',
};

/**
 * Sends one message per customer of the shard. In order: consent and unsubscribe (checked now,
 * at send time), quiet hours in the customer's zone (deferred to their morning), then one
 * conditional write that is both the frequency cap across journeys and the idempotency guard,
 * then delivery. A retry after a crash finds its claims and delivers under the same keys.
 */
export async function sendShard(task: StepShardTask, deps: RuntimeDeps): Promise<ShardResult> {
  const step = task.step;
  if (step.kind !== 'send') throw new Error(`the send function got a ${step.kind} step`);
  const invokedAt = deps.clock.now();
  const place = {
    journeyId: task.run.journeyId,
    runId: task.run.runId,
    stepId: step.id,
    cohortId: task.cohortId,
    shard: task.shard,
  };
  const members = await activeMembers(deps, task, step.id);
  const pending = members.map((member) => ({
    journeyId: place.journeyId,
    runId: place.runId,
    step,
    customerId: member.customerId,
    cohortId: place.cohortId,
    shard: place.shard,
  }));
  const { counts, logged: written } = await sendPending(pending, deps, { deferQuiet: true, invokedAt });
  // A retry whose customers all left at the goal still counts what an earlier attempt logged.
  const logged =
    pending.length > 0 ? written : tallyOutcomes((await deps.stores.ledger.loggedSends(place)).values());
  // Outcomes are counted from the shard's send log, which a retried attempt merges into, and set
  // in the task's own row: each message is counted once however many attempts the shard took.
  const stepCounts: Record<string, number> = {
    ...Object.fromEntries(
      Object.entries(logged).map(([outcome, n]) => [OUTCOME_METRIC[outcome as SendOutcome], n]),
    ),
    duplicates: counts.duplicates ?? 0,
    redelivered: counts.redelivered ?? 0,
  };
  const stored = withDeliveredOnAccept(step.channel, stepCounts);
  const before = await deps.stores.funnel.set(
    {
      journeyId: task.run.journeyId,
      runId: task.run.runId,
      stepId: step.id,
      variant: 'treated',
      counts: stored,
    },
    `${task.cohortId}/${task.shard}`,
  );
  // What the row gained, not what this attempt did: a retried shard publishes nothing twice.
  publishFunnelMetrics(deps, task.run.journeyId, gained(stored, before));
  return stayedInShard(counts);
}

/** The send pipeline for any set of owed messages: a shard now, or deferred ones when due. */
export async function sendPending(
  pending: readonly PendingSend[],
  deps: RuntimeDeps,
  options: { deferQuiet: boolean; invokedAt: number },
): Promise<{
  counts: Record<string, number>;
  logged: OutcomeTally;
  /** The records of the messages settled now: delivered, or not sent; not those deferred again for a slot. */
  settled: readonly SendRecord[];
}> {
  const now = deps.clock.now();
  const keyOf = (send: PendingSend) => sendKey(send.runId, send.step.id, send.customerId);
  const [profiles, claimed, holding] = await Promise.all([
    deps.stores.customers.getMany(pending.map((send) => send.customerId)),
    deps.stores.ledger.claimedKeys(
      pending.map((send) => ({ customerId: send.customerId, key: keyOf(send) })),
      now,
    ),
    offerHolders(pending, deps),
  ]);
  // A send deferred for the rate was claimed at its shard, however long ago (claims are read for two days).
  const pacedKeys = new Set(pending.filter(deferredForRate).map(keyOf));
  const claimedBefore = new Set([...claimed, ...pacedKeys]);
  const deploymentQuiet = quietWindow(deps.config);
  const journeyOf = (send: PendingSend) => deps.catalog.journeys.get(send.journeyId);
  const counts: Record<string, number> = {};
  const count = (metric: string) => {
    counts[metric] = (counts[metric] ?? 0) + 1;
  };
  const records: SendRecord[] = [];
  const deliveries: OutgoingMessage[] = [];
  const deferrals: { send: PendingSend; dueAt: number }[] = [];
  const unrendered = new UnrenderedMessages(deps);

  await mapLimit(pending, 16, async (send) => {
    const key = keyOf(send);
    const profile = profiles.get(send.customerId);
    const record = (outcome: SendOutcome, counted = true) => {
      if (counted) count(OUTCOME_METRIC[outcome]);
      records.push({
        idempotencyKey: key,
        journeyId: send.journeyId,
        runId: send.runId,
        stepId: send.step.id,
        cohortId: send.cohortId,
        shard: send.shard,
        customerId: send.customerId,
        channel: send.step.channel,
        template: send.step.template,
        offer: send.step.offer,
        outcome,
        at: now,
      });
    };
    if (claimedBefore.has(key)) {
      // Deferred for the rate, it may leave hours after its shard counted it as sent: checked again.
      const lapsed = pacedKeys.has(key) ? skipReason(send.step, profile, holding(send)) : undefined;
      if (lapsed !== undefined) {
        counts.sent = (counts.sent ?? 0) - 1;
        return record(lapsed);
      }
      // An earlier attempt claimed this message and may have crashed before recording it:
      // deliver again under the same key; a provider call it marked as accepted is not made again,
      // and the outbox keeps one message per key. It is recorded as sent, and counted from the
      // send log, not here.
      count('redelivered');
      deliveries.push(...unrendered.compose(send, key, () => composeMessage(send, profile, key, now, deps)));
      record('sent', false);
      return;
    }
    const skipped = skipReason(send.step, profile, holding(send));
    if (skipped !== undefined || !profile) return record(skipped ?? 'skipped_unsubscribed');
    const journey = journeyOf(send);
    const window = sendWindowOf(journey, send.step.channel, deploymentQuiet);
    const morning = options.deferQuiet ? sendAt(now, profile.timezone, window) : undefined;
    if (morning !== undefined) {
      deferrals.push({ send, dueAt: morning });
      return record('deferred_quiet_hours');
    }
    // The journey's own limits first, then the frequency cap over every journey; a claim the cap
    // refuses is given back, so the journey's counts hold only messages that went out.
    const journeyClaim = await claimForJourney(send, journey, { key, now, timezone: profile.timezone }, deps);
    if (journeyClaim === 'capped') return record('capped');
    const claim = await deps.stores.ledger.claimSend(
      send.customerId,
      key,
      now,
      deps.config.FREQUENCY_CAP_PER_DAY,
    );
    if (claim === 'capped') {
      if (journeyClaim === 'claimed')
        await deps.stores.journeySends.release(send.customerId, send.journeyId, key, now, profile.timezone);
      return record('capped');
    }
    if (claim === 'already_sent') {
      // Claimed by an attempt running beside this one, which delivers it: recorded, not counted.
      count('duplicates');
      return record('sent', false);
    }
    deliveries.push(...unrendered.compose(send, key, () => composeMessage(send, profile, key, now, deps)));
    record('sent');
  });

  // The messages that left now: a paced one deferred again for its slot has no outcome yet.
  const left = new Set<string>();
  const fileDeferred = async () => {
    const places = await mapLimit(deferredGroups(deferrals), 4, (group) => deps.stores.ledger.defer(group));
    await Promise.all(places.flat().map((place) => deps.stores.pendingWork.markDeferred(place, now)));
  };
  // A message is recorded as sent only once the channel has it.
  const deliverAndRecord = async () => {
    // Paced channels (email at EMAIL_MAX_PER_SECOND) wait for their slots or are deferred to them.
    const timezoneOf = (customerId: string) => profiles.get(customerId)?.timezone;
    // Providers take no idempotency token: each call they accept is marked, and the messages an
    // earlier attempt claimed are looked up first, so no container sends them again.
    const redeliveries = new Set(deliveries.map(keyOfMessage).filter((key) => claimedBefore.has(key)));
    const channels = withContext(deps.channels, {
      marks: deps.stores.deliveryMarks,
      redeliveries,
      pushMessages: deps.stores.pushMessages,
    });
    // Paced per provider call: a push takes a slot per device.
    const outcomes = [
      ...outcomePerMessage(
        await deliverPaced(
          partsForPacing(deliveries, sendRatesOf(deps.config)),
          pending,
          { ...deps, channels: joiningParts(channels) },
          { ...options, timezoneOf },
        ),
      ),
      ...unrendered.outcomes,
    ];
    for (const outcome of outcomes) left.add(outcome.idempotencyKey);
    const rejected = rejectedKeys(outcomes);
    for (const [index, entry] of records.entries()) {
      if (entry.outcome !== 'sent' || !rejected.has(entry.idempotencyKey)) continue;
      records[index] = { ...entry, outcome: 'rejected' };
      if (!claimedBefore.has(entry.idempotencyKey) || pacedKeys.has(entry.idempotencyKey)) {
        counts.sent = (counts.sent ?? 0) - 1;
        count('rejected');
      }
    }
    await releaseRejected(
      records.filter((entry) => entry.outcome === 'rejected'),
      deps,
      { now, timezoneOf },
    );
    // Push devices reported gone leave their profiles, so the next send skips them.
    await unregisterGoneDevices(deliveries, outcomes, deps, ingestEvents);
    // Numbers the provider holds as opted out (STOP) unsubscribe their customers from the channel.
    await unsubscribeOptedOut(deliveries, outcomes, deps, ingestEvents);
    // A deferred send completes the record its shard logged earlier.
    return deps.stores.ledger.recordSends(records, { logged: !options.deferQuiet });
  };
  const recording = deliverAndRecord();
  await allOrFirstError([fileDeferred(), recording]);
  const logged = await recording;
  const handed = new Set(deliveries.map(keyOfMessage));
  const settled = records.filter(
    (entry) => !handed.has(entry.idempotencyKey) || left.has(entry.idempotencyKey),
  );
  return { counts, logged, settled };
}

const keyOfMessage = (message: OutgoingMessage) => message.idempotencyKey;

const rejectedKeys = (outcomes: readonly DeliveryOutcome[]) =>
  new Set(
    outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => outcome.idempotencyKey),
  );
