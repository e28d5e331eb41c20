import { DAY_MS } from '../runtime/clock.ts';
import type { InboxDelivery, InboxStore } from '../stores/inbox.ts';
import { mapLimit } from '../util/concurrency.ts';
import type { ChannelAdapter, DeliveryOutcome, OutgoingMessage } from './channel-adapter.ts';

/** Inbox writes in flight per batch: two small writes each, well inside a table's on-demand rate. */
const CONCURRENCY = 16;

/** What the inbox keeps of a message: the rendered text and which send it is, never an address. */
export function inboxDeliveryOf(message: OutgoingMessage): InboxDelivery {
  return {
    customerId: message.customerId,
    idempotencyKey: message.idempotencyKey,
    journeyId: message.journeyId,
    runId: message.runId,
    stepId: message.stepId,
    template: message.template,
    ...(message.offer === undefined ? {} : { offer: message.offer }),
    ...(message.subject === undefined ? {} : { subject: message.subject }),
    body: message.body,
    at: message.at,
  };
}

/**
 * The in_app channel: each message goes into the customer's inbox in DynamoDB, kept for
 * `keptForDays` (the table's TTL removes it). The store keeps one item per send, so a redelivery
 * under the same idempotency key overwrites its message instead of adding one. A failed write
 * throws for the whole batch, which the shard's retry delivers again safely.
 */
export class InAppInboxAdapter implements ChannelAdapter {
  readonly #keptForMs: number;

  constructor(
    private readonly inbox: InboxStore,
    keptForDays: number,
  ) {
    this.#keptForMs = keptForDays * DAY_MS;
  }

  async deliver(messages: readonly OutgoingMessage[]): Promise<DeliveryOutcome[]> {
    const inApp = messages.filter((message) => message.channel === 'in_app');
    await mapLimit(inApp, CONCURRENCY, (message) =>
      this.inbox.put(inboxDeliveryOf(message), this.#keptForMs),
    );
    return messages.map((message) =>
      message.channel === 'in_app'
        ? { idempotencyKey: message.idempotencyKey, status: 'accepted' }
        : {
            idempotencyKey: message.idempotencyKey,
            status: 'rejected',
            reason: `the in-app inbox takes in_app messages, not ${message.channel}`,
          },
    );
  }
}
