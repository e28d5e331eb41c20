import { batchWrite } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';

/**
 * The customer's own partition of the state table ("customer#<id>") as a whole: enrollments,
 * run memberships, send days, and whatever else is filed there by customer. Each kind is read
 * by the store that owns it; an erasure takes the partition whole, so no kind is left behind.
 */
export interface CustomerPartitionStore {
  /** The sort keys of every item in the customer's partition. */
  sortKeysOf(customerId: string): Promise<string[]>;
  remove(customerId: string, sortKeys: readonly string[]): Promise<void>;
}

export class DynamoCustomerPartitionStore implements CustomerPartitionStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async sortKeysOf(customerId: string): Promise<string[]> {
    const items = await queryAll<{ sk: string }>(this.client, this.table, partitionOf(customerId));
    return items.map((item) => item.sk);
  }

  async remove(customerId: string, sortKeys: readonly string[]): Promise<void> {
    const pk = partitionOf(customerId);
    await batchWrite(
      this.client,
      this.table,
      sortKeys.map((sk) => ({ DeleteRequest: { Key: { pk, sk } } })),
    );
  }
}

const partitionOf = (customerId: string) => stateKeys.membershipsOf(customerId).pk;
