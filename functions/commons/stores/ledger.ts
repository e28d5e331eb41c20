import type { DocumentClient } from '../dynamo/document-client.ts';
import type { SendLogPlace } from '../dynamo/keys.ts';
import { type ClaimResult, DynamoSendClaims } from './claims.ts';
import {
  type DeferredGroup,
  type DeferredPlace,
  type DueDeferredGroup,
  DynamoDeferrals,
} from './deferrals.ts';
import { DynamoGrants, type GrantScope } from './grants.ts';
import { DynamoSendLog, type OutcomeTally, type SendLogEntry, type SendRecord } from './send-log.ts';

export { type ClaimResult, dayOf } from './claims.ts';
export { type DeferredGroup, type DeferredPlace, type DueDeferredGroup, hourOf } from './deferrals.ts';
export type { GrantScope } from './grants.ts';
export {
  type OutcomeTally,
  type SendLogEntry,
  type SendOutcome,
  type SendRecord,
  tallyOutcomes,
} from './send-log.ts';

export interface LedgerStore {
  /** Keys among these that some earlier attempt already claimed, today or yesterday. */
  claimedKeys(claims: readonly { customerId: string; key: string }[], now: number): Promise<Set<string>>;
  /**
   * One conditional write that is both the idempotency guard and the frequency cap: it records
   * the key in the customer's day item only if the key is new and the day's count is below the cap.
   */
  claimSend(customerId: string, key: string, now: number, capPerDay: number): Promise<ClaimResult>;
  /**
   * Files each message's record in the send log of its shard and step, one item holding them all,
   * so a shard's records cost a write unit per kilobyte, not one write each. Records already in
   * the item are kept unless a new one replaces them (a deferred send delivered later, a retried
   * shard, an attempt still running beside its retry): each put is conditional on the version it
   * merged into. `logged` says the items are expected to exist, so they are read first. Returns
   * the outcomes of every record in the items written, earlier ones included.
   */
  recordSends(records: readonly SendRecord[], options: { logged: boolean }): Promise<OutcomeTally>;
  /** The records in the send log of one shard and step, by customer id. */
  loggedSends(place: SendLogPlace): Promise<Map<string, SendLogEntry>>;
  /**
   * Grants an offer to customers once per customer ever (per offer), or once per run and step.
   * Returns the customers granted now; the others already had it.
   */
  grant(scope: GrantScope, customerIds: readonly string[], now: number): Promise<Set<string>>;
  /**
   * Files a group of sends until their due times, one item per due hour in one bucket (from the
   * group id), and says where: a campaign's shards spread over the buckets, so no partition takes
   * every deferral of a send step.
   */
  defer(group: DeferredGroup): Promise<DeferredPlace[]>;
  dueDeferred(places: readonly DeferredPlace[], now: number): Promise<DueDeferredGroup[]>;
  /** Takes the delivered sends out of their items (a group's item goes once none is left). */
  finishDeferred(groups: readonly DueDeferredGroup[]): Promise<void>;
  /**
   * Customers a run sent to, from its send logs. With `part`, only the log buckets `b` with
   * `b % part.of === part.index`: a customer's records are all in their shard's bucket, so parts
   * are disjoint and parallel snapshot segments read their own.
   */
  reachedCustomers(journeyId: string, runId: string, part?: { index: number; of: number }): Promise<string[]>;
}

/** The ledger in the state table: claims, the send log, grants and deferrals, each a module of its own. */
export class DynamoLedgerStore implements LedgerStore {
  readonly #claims: DynamoSendClaims;
  readonly #sendLog: DynamoSendLog;
  readonly #grants: DynamoGrants;
  readonly #deferrals: DynamoDeferrals;

  constructor(client: DocumentClient, table: string) {
    this.#claims = new DynamoSendClaims(client, table);
    this.#sendLog = new DynamoSendLog(client, table);
    this.#grants = new DynamoGrants(client, table);
    this.#deferrals = new DynamoDeferrals(client, table);
  }

  claimedKeys(claims: readonly { customerId: string; key: string }[], now: number): Promise<Set<string>> {
    return this.#claims.claimedKeys(claims, now);
  }

  claimSend(customerId: string, key: string, now: number, capPerDay: number): Promise<ClaimResult> {
    return this.#claims.claimSend(customerId, key, now, capPerDay);
  }

  recordSends(records: readonly SendRecord[], options: { logged: boolean }): Promise<OutcomeTally> {
    return this.#sendLog.recordSends(records, options);
  }

  loggedSends(place: SendLogPlace): Promise<Map<string, SendLogEntry>> {
    return this.#sendLog.loggedSends(place);
  }

  reachedCustomers(
    journeyId: string,
    runId: string,
    part?: { index: number; of: number },
  ): Promise<string[]> {
    return this.#sendLog.reachedCustomers(journeyId, runId, part);
  }

  grant(scope: GrantScope, customerIds: readonly string[], now: number): Promise<Set<string>> {
    return this.#grants.grant(scope, customerIds, now);
  }

  defer(group: DeferredGroup): Promise<DeferredPlace[]> {
    return this.#deferrals.defer(group);
  }

  dueDeferred(places: readonly DeferredPlace[], now: number): Promise<DueDeferredGroup[]> {
    return this.#deferrals.dueDeferred(places, now);
  }

  finishDeferred(groups: readonly DueDeferredGroup[]): Promise<void> {
    return this.#deferrals.finishDeferred(groups);
  }
}
