import { batchGet, putAllFor } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';
import type { Clock } from '../runtime/clock.ts';

/**
 * One provider call a customer's message made: its idempotency key, or the key and the device for
 * a push (one Publish per device).
 */
export interface DeliveryMark {
  readonly customerId: string;
  readonly key: string;
}

/**
 * Marks of the provider calls accepted, in the state table, so that a message retried in another
 * Lambda container is not sent again: SES, End User Messaging SMS and SNS take no idempotency token.
 */
export interface DeliveryMarkStore {
  /** The keys of these marks that some container stored (read strongly consistent). */
  marked(marks: readonly DeliveryMark[]): Promise<Set<string>>;
  /**
   * Stores a mark, and resolves once it is written. Marks asked for at the same moment (the calls
   * of a batch answering together) go in one BatchWriteItem.
   */
  mark(mark: DeliveryMark): Promise<void>;
}

/**
 * One item per mark in the customer's partition (`customer#<id>`, `delivered#<key>`), so an erasure
 * takes them with the rest, kept as long as a claim: a retry comes within minutes, a deferred send
 * is redelivered within its claim's days.
 */
export class DynamoDeliveryMarkStore implements DeliveryMarkStore {
  #pending: { mark: DeliveryMark; done: () => void; failed: (error: unknown) => void }[] = [];

  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
  ) {}

  async marked(marks: readonly DeliveryMark[]): Promise<Set<string>> {
    if (marks.length === 0) return new Set();
    const keys = new Map(
      marks.map((mark) => [markKeyOf(mark), stateKeys.deliveryMark(mark.customerId, mark.key)]),
    );
    const items = await batchGet<{ key: string }>(this.client, this.table, [...keys.values()], {
      consistent: true,
    });
    return new Set(items.map((item) => item.key));
  }

  mark(mark: DeliveryMark): Promise<void> {
    return new Promise((done, failed) => {
      this.#pending.push({ mark, done, failed });
      if (this.#pending.length === 1) setImmediate(() => void this.#flush());
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    const at = this.clock.now();
    const items = new Map(
      batch.map(({ mark }) => [
        markKeyOf(mark),
        {
          ...stateKeys.deliveryMark(mark.customerId, mark.key),
          key: mark.key,
          deliveredAt: at,
          expiresAt: expiresAt(at, RETENTION.sendClaim),
        },
      ]),
    );
    await putAllFor(this.client, this.table, [...items.values()], batch);
  }
}

const markKeyOf = (mark: DeliveryMark) => `${mark.customerId}\u0000${mark.key}`;
