import { isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { putOnVersion } from '../dynamo/item-writes.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { mapLimit } from '../util/concurrency.ts';

interface GrantsItem {
  readonly customers?: Record<string, number>;
  readonly version?: number;
}

export type GrantScope =
  | { readonly offerId: string; readonly once: true }
  | { readonly runId: string; readonly stepId: string; readonly shard: number; readonly once: false };

/** Offer grants: once per run and step, or once per customer ever. */
export interface GrantStore {
  /**
   * Grants an offer to customers once per customer ever (per offer), or once per run and step.
   * Returns the customers granted now; the others already had it.
   */
  grant(scope: GrantScope, customerIds: readonly string[], now: number): Promise<Set<string>>;
}

export class DynamoGrantStore implements GrantStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async grant(scope: GrantScope, customerIds: readonly string[], now: number): Promise<Set<string>> {
    if (scope.once) {
      // Another run may grant the same offer at the same moment: only a conditional write decides.
      const granted = await mapLimit(customerIds, 16, async (customerId) => {
        try {
          await this.client.put({
            TableName: this.table,
            Item: { ...stateKeys.grantOnce(scope.offerId, customerId), customerId, grantedAt: now },
            ConditionExpression: 'attribute_not_exists(pk)',
          });
          return true;
        } catch (error) {
          if (isConditionFailure(error)) return false;
          throw error;
        }
      });
      return new Set(customerIds.filter((_, position) => granted[position]));
    }
    return this.#grantInRun(scope, customerIds, now);
  }

  /**
   * A run's grants to one shard's customers are one item, a map of customer id to time granted:
   * a strongly consistent read, then a put conditional on the version read. Sub-cohorts of the
   * shard that reach the step at once (or a retried attempt) retry on a newer version, so each
   * customer is granted once per run and step.
   */
  async #grantInRun(
    scope: Extract<GrantScope, { once: false }>,
    customerIds: readonly string[],
    now: number,
  ): Promise<Set<string>> {
    let fresh: string[] = [];
    await putOnVersion<GrantsItem>(
      this.client,
      this.table,
      stateKeys.grantsInRun(scope.runId, scope.stepId, scope.shard),
      (stored) => {
        const granted = stored?.customers ?? {};
        fresh = customerIds.filter((customerId) => granted[customerId] === undefined);
        if (fresh.length === 0) return undefined;
        return {
          runId: scope.runId,
          stepId: scope.stepId,
          shard: scope.shard,
          customers: { ...granted, ...Object.fromEntries(fresh.map((customerId) => [customerId, now])) },
        };
      },
    );
    return new Set(fresh);
  }
}
