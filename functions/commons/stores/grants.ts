import { batchGet, batchWrite, isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { putOnVersion } from '../dynamo/item-writes.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';
import { mapLimit } from '../util/concurrency.ts';

interface GrantsItem {
  readonly customers?: Record<string, number>;
  /** Per task (a cohort at this step and shard), the customers it granted the offer to. */
  readonly byTask?: Record<string, string[]>;
  readonly version?: number;
  /** Names customers: it goes with the run's other records, which their trails lead to. */
  readonly expiresAt?: number;
}

/** Where a grant step runs: one run's step, over the customers of one shard. */
export interface GrantPlace {
  readonly runId: string;
  readonly stepId: string;
  readonly shard: number;
}

export interface GrantRequest extends GrantPlace {
  readonly offerId: string;
  /** At most once per customer ever (per offer), across runs and journeys; else once per run and step. */
  readonly once: boolean;
  /** The granting task, the cohort whose shard is at the step: each attempt of the task names the same. */
  readonly task: string;
}

/** What a grant step's task made of its customers. */
export interface GrantOutcome {
  /** The customers this task granted the offer to, in this attempt or an earlier one. */
  readonly granted: ReadonlySet<string>;
  /** How many of them this attempt granted: effects made now, for the metrics. */
  readonly grantedNow: number;
}

/** Offer grants: once per run and step, or once per customer ever; and who holds an offer in a run. */
export interface GrantStore {
  /**
   * Grants an offer to customers. Answers the customers this task granted it to (now, or in an
   * earlier attempt of the same task); the others already had it.
   */
  grant(request: GrantRequest, customerIds: readonly string[], now: number): Promise<GrantOutcome>;
  /** The customers of a shard that these grant steps of a run granted their offer to. */
  holders(runId: string, stepIds: readonly string[], shard: number): Promise<Set<string>>;
  /** The customer's grants: once-ever ones of these offers, and those of these runs' steps and shards. */
  grantsOf(
    customerId: string,
    offerIds: readonly string[],
    places: readonly GrantPlace[],
  ): Promise<HeldGrant[]>;
  /**
   * Deletes the customer's once-ever grants, and keeps their grants in runs under `pseudonym`,
   * so the run's holders keep their count and the customer id goes.
   */
  forgetGrants(customerId: string, grants: readonly HeldGrant[], pseudonym: string): Promise<void>;
}

/** A grant a customer holds: of an offer once ever, or from a run's step to their shard. */
export type HeldGrant =
  | {
      readonly kind: 'once';
      readonly offerId: string;
      readonly runId: string;
      readonly stepId: string;
      readonly grantedAt: number;
    }
  | (GrantPlace & { readonly kind: 'run'; readonly grantedAt: number });

export class DynamoGrantStore implements GrantStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async grant(request: GrantRequest, customerIds: readonly string[], now: number): Promise<GrantOutcome> {
    if (!request.once) return this.#recordInRun(request, customerIds, now);
    const once = await this.#grantOnce(request, customerIds, now);
    await this.#recordInRun(request, once.granted, now);
    return { granted: new Set(once.granted), grantedNow: once.grantedNow };
  }

  async holders(runId: string, stepIds: readonly string[], shard: number): Promise<Set<string>> {
    const items = await Promise.all(
      stepIds.map((stepId) =>
        this.client.get({
          TableName: this.table,
          Key: stateKeys.grantsInRun(runId, stepId, shard),
          ConsistentRead: true,
        }),
      ),
    );
    return new Set(items.flatMap((output) => Object.keys((output.Item as GrantsItem)?.customers ?? {})));
  }

  async grantsOf(
    customerId: string,
    offerIds: readonly string[],
    places: readonly GrantPlace[],
  ): Promise<HeldGrant[]> {
    type Once = { offerId?: string; pk: string; grantedAt: number; runId: string; stepId: string };
    const offerOf = new Map(
      offerIds.map((offerId) => [stateKeys.grantOnce(offerId, customerId).pk, offerId]),
    );
    const placeOf = new Map(
      places.map((place) => [stateKeys.grantsInRun(place.runId, place.stepId, place.shard).pk, place]),
    );
    const items = await batchGet<Once & GrantsItem>(
      this.client,
      this.table,
      [...offerOf.keys(), ...placeOf.keys()].map((pk) => ({ pk, sk: '_' })),
      { consistent: true },
    );
    return items.flatMap((item): HeldGrant[] => {
      const offerId = offerOf.get(item.pk);
      if (offerId !== undefined)
        return [{ kind: 'once', offerId, runId: item.runId, stepId: item.stepId, grantedAt: item.grantedAt }];
      const place = placeOf.get(item.pk);
      const grantedAt = item.customers?.[customerId];
      return place && grantedAt !== undefined ? [{ kind: 'run', ...place, grantedAt }] : [];
    });
  }

  async forgetGrants(customerId: string, grants: readonly HeldGrant[], pseudonym: string): Promise<void> {
    const once = grants.filter((grant) => grant.kind === 'once');
    await batchWrite(
      this.client,
      this.table,
      once.map((grant) => ({ DeleteRequest: { Key: stateKeys.grantOnce(grant.offerId, customerId) } })),
    );
    const inRuns = grants.filter((grant) => grant.kind === 'run');
    await mapLimit(inRuns, 8, (grant) =>
      putOnVersion<GrantsItem>(
        this.client,
        this.table,
        stateKeys.grantsInRun(grant.runId, grant.stepId, grant.shard),
        (stored) => {
          const grantedAt = stored?.customers?.[customerId];
          if (!stored?.customers || grantedAt === undefined) return undefined;
          const { [customerId]: _erased, ...others } = stored.customers;
          const byTask = Object.fromEntries(
            Object.entries(stored.byTask ?? {}).map(([task, ids]) => [
              task,
              ids.map((id) => (id === customerId ? pseudonym : id)),
            ]),
          );
          return { ...stored, customers: { ...others, [pseudonym]: grantedAt }, byTask };
        },
      ),
    );
  }

  /**
   * Another run may grant the same offer at the same moment: only a conditional write decides. A
   * refused write is this step's own when an earlier attempt of it made the grant.
   */
  async #grantOnce(
    request: GrantRequest,
    customerIds: readonly string[],
    now: number,
  ): Promise<{ granted: string[]; grantedNow: number }> {
    const outcomes = await mapLimit(
      customerIds,
      16,
      async (customerId): Promise<'now' | 'before' | 'other'> => {
        const key = stateKeys.grantOnce(request.offerId, customerId);
        try {
          await this.client.put({
            TableName: this.table,
            Item: { ...key, customerId, grantedAt: now, runId: request.runId, stepId: request.stepId },
            ConditionExpression: 'attribute_not_exists(pk)',
          });
          return 'now';
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          const { Item } = await this.client.get({ TableName: this.table, Key: key, ConsistentRead: true });
          return Item?.runId === request.runId && Item?.stepId === request.stepId ? 'before' : 'other';
        }
      },
    );
    return {
      granted: customerIds.filter((_, position) => outcomes[position] !== 'other'),
      grantedNow: outcomes.filter((outcome) => outcome === 'now').length,
    };
  }

  /**
   * A run's grants to one shard's customers are one item, a map of customer id to time granted:
   * a strongly consistent read, then a put conditional on the version read. Sub-cohorts of the
   * shard that reach the step at once (or a retried attempt) retry on a newer version, so each
   * customer is granted once per run and step. The same write notes which task granted whom, so
   * a retried task finds what its earlier attempt granted and counts it as its own. A once-ever
   * grant was decided before; the item then records who holds the offer in this run.
   */
  async #recordInRun(
    request: GrantRequest,
    customerIds: readonly string[],
    now: number,
  ): Promise<GrantOutcome> {
    let fresh: string[] = [];
    if (customerIds.length === 0) return { granted: new Set(), grantedNow: 0 };
    const { written, stored } = await putOnVersion<GrantsItem>(
      this.client,
      this.table,
      stateKeys.grantsInRun(request.runId, request.stepId, request.shard),
      (item) => {
        const granted = item?.customers ?? {};
        fresh = customerIds.filter((customerId) => granted[customerId] === undefined);
        if (fresh.length === 0) return undefined;
        const byTask = item?.byTask ?? {};
        return {
          runId: request.runId,
          stepId: request.stepId,
          shard: request.shard,
          customers: { ...granted, ...Object.fromEntries(fresh.map((customerId) => [customerId, now])) },
          byTask: { ...byTask, [request.task]: [...(byTask[request.task] ?? []), ...fresh] },
          expiresAt: expiresAt(now, RETENTION.runGrant),
        };
      },
    );
    const ofTask = (written ?? stored)?.byTask?.[request.task] ?? [];
    return { granted: new Set(ofTask), grantedNow: written ? fresh.length : 0 };
  }
}
