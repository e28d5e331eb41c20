import { createHash } from 'node:crypto';

/**
 * Keys of the items in the state table. Partitions that every customer of a campaign would
 * write are spread over buckets (see docs/data-model.md).
 */
export const BUCKETS = { entries: 8, sendLog: 16, funnel: 8, deferred: 32 } as const;

export function bucketOf(customerId: string, buckets: number): number {
  return createHash('sha256').update(customerId).digest().readUInt16BE(0) % buckets;
}

/** The entry-buffer bucket of a customer in every journey and window. */
export function entryBucket(customerId: string): number {
  return bucketOf(customerId, BUCKETS.entries);
}

/** Which send step of which shard a message belongs to. */
export interface SendLogPlace {
  readonly journeyId: string;
  readonly runId: string;
  readonly stepId: string;
  readonly cohortId: string;
  readonly shard: number;
}

const pad = (shard: number) => String(shard).padStart(6, '0');

/** Sort-key prefixes of a customer's enrollments in scheduled journeys and memberships in event journeys' runs. */
export const ENROLLMENT_SK = 'enrolled#';
export const MEMBERSHIP_SK = 'run#';
/** Sort-key prefix of a customer's run trails: past their memberships' range, so ingest never reads them. */
export const TRAIL_SK = 'trail#';
/** Sort-key prefix of a customer's pointers to their SNS push messages: past the memberships' range. */
export const SNS_MESSAGE_SK = 'sns-message#';
/** Sort-key prefix of the messages of a customer's inbox (their guards sort apart, under "key#"). */
export const INBOX_MESSAGE_SK = 'msg#';

export const stateKeys = {
  enrollment: (customerId: string, journeyId: string) => ({
    pk: `customer#${customerId}`,
    sk: `${ENROLLMENT_SK}${journeyId}`,
  }),
  membership: (customerId: string, journeyId: string, runId: string) => ({
    pk: `customer#${customerId}`,
    sk: `${MEMBERSHIP_SK}${journeyId}#${runId}`,
  }),
  /** Enrollments and run memberships: "enrolled#…" and "run#…" sort together, before "sends#…". */
  membershipsOf: (customerId: string) => ({
    pk: `customer#${customerId}`,
    from: ENROLLMENT_SK,
    to: `${MEMBERSHIP_SK.slice(0, -1)}$`,
  }),
  /** Where the customer's records of one run are: kept as long as those records, after the membership goes. */
  runTrail: (customerId: string, journeyId: string, runId: string) => ({
    pk: `customer#${customerId}`,
    sk: `${TRAIL_SK}${journeyId}#${runId}`,
  }),
  entry: (journeyId: string, minute: string, customerId: string) => ({
    pk: `entry#${journeyId}#${minute}#${entryBucket(customerId)}`,
    sk: customerId,
  }),
  entryPartition: (journeyId: string, minute: string, bucket: number) =>
    `entry#${journeyId}#${minute}#${bucket}`,
  cohortShard: (cohortId: string, shard: number) => ({
    pk: `cohort#${cohortId}#${pad(shard)}`,
    sk: 'members',
  }),
  cohortRegistry: (cohortId: string, shard: number) => ({ pk: `cohort-shards#${cohortId}`, sk: pad(shard) }),
  /**
   * The cohorts of a run that wrote one shard number: a customer keeps their shard for the run,
   * so their run membership leads here, and from here to every cohort shard that holds them.
   */
  shardCohort: (runId: string, shard: number, cohortId: string) => ({
    pk: `shard-cohorts#${runId}#${pad(shard)}`,
    sk: cohortId,
  }),
  shardCohortsOf: (runId: string, shard: number) => `shard-cohorts#${runId}#${pad(shard)}`,
  signal: (runId: string, shard: number, event: string, at: number, customerId: string) => ({
    pk: `signal#${runId}#${pad(shard)}`,
    sk: `${event}#${new Date(at).toISOString()}#${customerId}`,
  }),
  signalPartition: (runId: string, shard: number) => `signal#${runId}#${pad(shard)}`,
  sendDay: (customerId: string, day: string) => ({ pk: `customer#${customerId}`, sk: `sends#${day}` }),
  /** A provider call accepted for a customer's message (stores/delivery-marks.ts), before its memberships. */
  deliveryMark: (customerId: string, key: string) => ({
    pk: `customer#${customerId}`,
    sk: `delivered#${key}`,
  }),
  /** A push SNS took (stores/push-messages.ts), by the message id its delivery status log names. */
  snsMessage: (messageId: string) => ({ pk: `sns-message#${messageId}`, sk: '_' }),
  /** The customer's pointer to that item, so an erasure, which lists the partition, finds it. */
  snsMessagePointer: (customerId: string, messageId: string) => ({
    pk: `customer#${customerId}`,
    sk: `${SNS_MESSAGE_SK}${messageId}`,
  }),
  /**
   * The send log of one shard at one step: every message's record, in one item. A customer keeps
   * their shard for the run, so all their records are in the bucket of their shard.
   */
  sendLog: (place: SendLogPlace) => ({
    pk: `sendlog#${place.journeyId}#${place.runId}#${place.shard % BUCKETS.sendLog}`,
    sk: `${place.stepId}#${place.cohortId}#${pad(place.shard)}`,
  }),
  sendLogPartitions: (journeyId: string, runId: string) =>
    Array.from({ length: BUCKETS.sendLog }, (_, bucket) => `sendlog#${journeyId}#${runId}#${bucket}`),
  grantOnce: (offerId: string, customerId: string) => ({ pk: `grant#${offerId}#${customerId}`, sk: '_' }),
  /** The grants of one run's step to the customers of one shard (a customer keeps their shard for the run). */
  grantsInRun: (runId: string, stepId: string, shard: number) => ({
    pk: `grant#${runId}#${stepId}#${pad(shard)}`,
    sk: '_',
  }),
  deferred: (hour: string, bucket: number, groupId: string) => ({
    pk: `deferred#${hour}#${bucket}`,
    sk: groupId,
  }),
  deferredPartition: (hour: string, bucket: number) => `deferred#${hour}#${bucket}`,
  pendingEntries: (minute: string, journeyId: string) => ({
    pk: 'pending',
    sk: `entries#${minute}#${journeyId}`,
  }),
  pendingDeferred: (hour: string) => ({ pk: 'pending', sk: `deferred#${hour}` }),
  funnel: (journeyId: string, runId: string, stepId: string, variant: string, shardHint: string) => ({
    pk: `funnel#${journeyId}#${bucketOf(shardHint, BUCKETS.funnel)}`,
    sk: `${runId}#${stepId}#${variant}`,
  }),
  funnelPartitions: (journeyId: string) =>
    Array.from({ length: BUCKETS.funnel }, (_, bucket) => `funnel#${journeyId}#${bucket}`),
  /** A row counted from events (stores/funnel.ts), apart from the tasks' rows: there is one per batch. */
  funnelFromEvents: (journeyId: string, runId: string, stepId: string, variant: string, digest: string) => ({
    pk: `funnel-events#${journeyId}#${bucketOf(digest, BUCKETS.funnel)}`,
    sk: `${runId}#${stepId}#${variant}#${digest}`,
  }),
  funnelFromEventsPartitions: (journeyId: string) =>
    Array.from({ length: BUCKETS.funnel }, (_, bucket) => `funnel-events#${journeyId}#${bucket}`),
  /** A lease that one invocation at a time holds, such as the ticker's over the deferred sends. */
  lease: (name: string) => ({ pk: `lease#${name}`, sk: '_' }),
  /** The next free send slot of a channel, shared by every function that delivers on it. */
  sendRate: (channel: string) => ({ pk: 'send-rate', sk: channel }),
  /** The customers of one phone number, under a digest of the number (stores/phone-index.ts): no number in a key. */
  phoneIndex: (phoneDigest: string) => ({ pk: `phone#${phoneDigest}`, sk: 'customers' }),
  /**
   * A customer's in-app inbox, a partition of its own (an "inbox#" sort key in "customer#<id>"
   * would fall inside the memberships' range): each message at its time, newest last, and the
   * guard that keeps each message at the place its first delivery took.
   */
  inboxMessage: (customerId: string, place: string) => ({
    pk: `inbox#${customerId}`,
    sk: `${INBOX_MESSAGE_SK}${place}`,
  }),
  inboxGuard: (customerId: string, runId: string, stepId: string) => ({
    pk: `inbox#${customerId}`,
    sk: `key#${runId}/${stepId}`,
  }),
  inboxOf: (customerId: string) => `inbox#${customerId}`,
  /** The tombstone of an erased customer, under a keyed digest of their id (stores/erasures.ts): no id in it. */
  erasure: (digest: string) => ({ pk: `erased#${digest}`, sk: '_' }),
  /** Who of one cohort's shard a holdout step held out and let pass, and when: one item per task. */
  holdoutPassage: (runId: string, stepId: string, shard: number, cohortId: string) => ({
    pk: `holdout#${runId}#${stepId}#${pad(shard)}`,
    sk: cohortId,
  }),
  holdoutPassagesOf: (runId: string, stepId: string, shard: number) =>
    `holdout#${runId}#${stepId}#${pad(shard)}`,
  /**
   * What one journey sent one customer: per-day counts and the day's keys, and the total, for the
   * journey's limits. Under "customer#<id>", outside the range of its memberships and apart from "sends#…".
   */
  journeySends: (customerId: string, journeyId: string) => ({
    pk: `customer#${customerId}`,
    sk: `sent-by#${journeyId}`,
  }),
  run: (journeyId: string, runId: string) => ({ pk: `run#${journeyId}`, sk: runId }),
  runsOf: (journeyId: string) => `run#${journeyId}`,
};

/** The idempotency key of one message: one send per (run, step, customer). */
export function sendKey(runId: string, stepId: string, customerId: string): string {
  return `${runId}/${stepId}/${customerId}`;
}
