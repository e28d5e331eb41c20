import type { KeyObject } from 'node:crypto';
import { batchGet } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { JourneysError } from '../runtime/errors.ts';
import { customerDigest, customerPseudonym } from '../util/pseudonym.ts';

/** What an erasure removed, by kind of record: counts only. */
export type ErasureCounts = Readonly<Record<string, number>>;

/** The record of an erasure: when, and what it removed. It holds no id, address or number. */
export interface Tombstone {
  readonly erasedAt: number;
  readonly removed: ErasureCounts;
}

/**
 * Tombstones of erased customers, one item each under a keyed digest of the id, kept for good:
 * an import checks them so that a file made before an erasure does not bring the customer back.
 */
export interface ErasureStore {
  /** The name an erased customer's records kept for counts go under (a send log's, a shard's exit note). */
  pseudonymOf(customerId: string): string;
  tombstoneOf(customerId: string): Promise<Tombstone | undefined>;
  /** Records an erasure; a later one of the same id replaces it. */
  record(customerId: string, tombstone: Tombstone): Promise<void>;
  /** Of these ids, those erased, each with when (epoch ms): 100 ids a request. */
  wereErased(customerIds: readonly string[]): Promise<Map<string, number>>;
}

/** No key, no digest: a tombstone under a plain hash could be matched by trying ids. */
export class MissingPseudonymKeyError extends JourneysError {
  constructor() {
    super('no pseudonym key: set PSEUDONYM_SECRET_ARN (in AWS) or PSEUDONYM_KEY');
  }
}

interface TombstoneItem {
  readonly pk: string;
  readonly erasedAt: number;
  readonly removed?: ErasureCounts;
}

export class DynamoErasureStore implements ErasureStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
    private readonly key: KeyObject | undefined,
  ) {}

  pseudonymOf(customerId: string): string {
    return customerPseudonym(customerId, this.#key());
  }

  async tombstoneOf(customerId: string): Promise<Tombstone | undefined> {
    const { Item } = await this.client.get({
      TableName: this.table,
      Key: stateKeys.erasure(customerDigest(customerId, this.#key())),
      ConsistentRead: true,
    });
    const item = Item as TombstoneItem | undefined;
    return item && { erasedAt: item.erasedAt, removed: item.removed ?? {} };
  }

  async record(customerId: string, tombstone: Tombstone): Promise<void> {
    await this.client.put({
      TableName: this.table,
      Item: { ...stateKeys.erasure(customerDigest(customerId, this.#key())), ...tombstone },
    });
  }

  async wereErased(customerIds: readonly string[]): Promise<Map<string, number>> {
    const key = this.#key();
    const byPk = new Map(
      [...new Set(customerIds)].map((id) => [stateKeys.erasure(customerDigest(id, key)).pk, id]),
    );
    // Strongly consistent: an import checks again after its writes for an erasure begun meanwhile.
    const items = await batchGet<TombstoneItem>(
      this.client,
      this.table,
      [...byPk.keys()].map((pk) => ({ pk, sk: '_' })),
      { consistent: true },
    );
    return new Map(
      items.flatMap((item) => {
        const id = byPk.get(item.pk);
        return id === undefined ? [] : [[id, item.erasedAt] as const];
      }),
    );
  }

  #key(): KeyObject {
    if (!this.key) throw new MissingPseudonymKeyError();
    return this.key;
  }
}
