import type { DocumentClient } from '../dynamo/document-client.ts';
import type { SendLogPlace } from '../dynamo/keys.ts';
import { type ClaimResult, type ClaimStore, DynamoClaimStore, type SendDay } from './claims.ts';
import {
  type DeferralStore,
  type DeferredGroup,
  type DeferredPlace,
  type DueDeferredGroup,
  DynamoDeferralStore,
  type FinishedGroup,
  type HeldDeferral,
} from './deferrals.ts';
import {
  DynamoGrantStore,
  type GrantOutcome,
  type GrantPlace,
  type GrantRequest,
  type GrantStore,
  type HeldGrant,
} from './grants.ts';
import {
  DynamoSendLogStore,
  type LoggedSend,
  type OutcomeTally,
  type SendLogEntry,
  type SendLogStore,
  type SendRecord,
} from './send-log.ts';

/** What a send or grant step keeps in the state table: claims, the send log, grants and deferrals. */
export interface LedgerStore extends ClaimStore, SendLogStore, GrantStore, DeferralStore {}

export class DynamoLedgerStore implements LedgerStore {
  readonly #claims: ClaimStore;
  readonly #sendLog: SendLogStore;
  readonly #grants: GrantStore;
  readonly #deferrals: DeferralStore;

  constructor(client: DocumentClient, table: string) {
    this.#claims = new DynamoClaimStore(client, table);
    this.#sendLog = new DynamoSendLogStore(client, table);
    this.#grants = new DynamoGrantStore(client, table);
    this.#deferrals = new DynamoDeferralStore(client, table);
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

  grant(request: GrantRequest, customerIds: readonly string[], now: number): Promise<GrantOutcome> {
    return this.#grants.grant(request, customerIds, now);
  }

  holders(runId: string, stepIds: readonly string[], shard: number): Promise<Set<string>> {
    return this.#grants.holders(runId, stepIds, shard);
  }

  defer(group: DeferredGroup): Promise<DeferredPlace[]> {
    return this.#deferrals.defer(group);
  }

  dueDeferred(places: readonly DeferredPlace[], now: number): Promise<DueDeferredGroup[]> {
    return this.#deferrals.dueDeferred(places, now);
  }

  finishDeferred(groups: readonly FinishedGroup[]): Promise<void> {
    return this.#deferrals.finishDeferred(groups);
  }

  claimsOf(customerId: string): Promise<SendDay[]> {
    return this.#claims.claimsOf(customerId);
  }

  recordsOf(customerId: string, places: readonly SendLogPlace[]): Promise<LoggedSend[]> {
    return this.#sendLog.recordsOf(customerId, places);
  }

  pseudonymize(customerId: string, places: readonly SendLogPlace[], pseudonym: string): Promise<void> {
    return this.#sendLog.pseudonymize(customerId, places, pseudonym);
  }

  grantsOf(
    customerId: string,
    offerIds: readonly string[],
    places: readonly GrantPlace[],
  ): Promise<HeldGrant[]> {
    return this.#grants.grantsOf(customerId, offerIds, places);
  }

  forgetGrants(customerId: string, grants: readonly HeldGrant[], pseudonym: string): Promise<void> {
    return this.#grants.forgetGrants(customerId, grants, pseudonym);
  }

  deferredOf(
    customerId: string,
    places: readonly DeferredPlace[],
    groups: readonly string[],
  ): Promise<HeldDeferral[]> {
    return this.#deferrals.deferredOf(customerId, places, groups);
  }

  forgetDeferred(customerId: string, deferrals: readonly HeldDeferral[]): Promise<void> {
    return this.#deferrals.forgetDeferred(customerId, deferrals);
  }
}
