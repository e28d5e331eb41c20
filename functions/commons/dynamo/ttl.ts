import { DAY_MS } from '../runtime/clock.ts';

/** How long each kind of state item is kept before DynamoDB's TTL removes it, in ms. */
export const RETENTION = {
  /** Send records and run signals: long enough for a re-touch a year later and its attribution. */
  sendRecord: 400 * DAY_MS,
  signal: 400 * DAY_MS,
  /** Cohort shards: as long as the runs that read them can last. */
  cohortShard: 400 * DAY_MS,
  /** Send claims count towards today's and yesterday's caps only. */
  sendClaim: 3 * DAY_MS,
  /** Pushes SNS took, by message id: its delivery status logs reach CloudWatch within minutes. */
  pushMessage: 3 * DAY_MS,
  /** Buffered entries and pending-work marks: taken within minutes, kept a week for replays. */
  bufferedEntry: 7 * DAY_MS,
  pendingWork: 7 * DAY_MS,
  /** Grants in a run: read by the run's later steps, which a Standard execution ends within a year. */
  runGrant: 400 * DAY_MS,
  /** Messages in the outbox table hold an address: kept as long as the send records that name them. */
  outboxMessage: 400 * DAY_MS,
  /**
   * A customer's trail of a run, from their entry: a run writes their records within a year (a
   * Standard execution's life) and its attribution month, and each is kept 400 days from its write.
   */
  runTrail: 800 * DAY_MS,
} as const;

/** The TTL attribute's value (epoch seconds) of an item kept for `keptForMs` from `from`. */
export function expiresAt(from: number, keptForMs: number): number {
  return Math.floor((from + keptForMs) / 1000);
}
