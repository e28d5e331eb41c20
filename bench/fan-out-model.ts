import type { Constraint } from './fan-out-constraints.ts';
import { type CohortSendEstimate, type CohortSendInput, cohortSendFanOut } from './send-fan-out.ts';
import { audienceSnapshot, type SnapshotEstimate, type SnapshotInput } from './snapshot-fan-out.ts';

/**
 * How long a large send takes to fan out under AWS default quotas (us-east-1) in the cohort
 * design: the audience snapshot (snapshot-fan-out.ts), then the send step (send-fan-out.ts). The
 * naive design, one Standard execution per customer, is in naive-fan-out.ts. Pure arithmetic on
 * the constraints of fan-out-constraints.ts.
 */

export interface CohortFanOutEstimate {
  readonly customers: number;
  readonly snapshot: SnapshotEstimate;
  readonly send: CohortSendEstimate;
  /** Snapshot, then the send step. */
  readonly seconds: number;
  readonly binding: Constraint;
}

/** A campaign's audience snapshot and its first send step, one after the other. */
export function cohortFanOut(
  input: CohortSendInput & Omit<SnapshotInput, 'customers' | 'quotas' | 'table'>,
): CohortFanOutEstimate {
  const snapshot = audienceSnapshot(input);
  const send = cohortSendFanOut(input);
  return {
    customers: input.customers,
    snapshot,
    send,
    seconds: snapshot.seconds + send.seconds,
    binding: snapshot.seconds >= send.seconds ? snapshot.binding : send.binding,
  };
}
