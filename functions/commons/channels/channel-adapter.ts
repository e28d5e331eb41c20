import type { Device } from '../../../workflows/contracts/device-events.ts';
import type { Channel } from '../../../workflows/schema/index.ts';
import type { DeliveryMarkStore } from '../stores/delivery-marks.ts';
import type { PushMessageStore } from '../stores/push-messages.ts';

/** One message to deliver; the idempotency key lets a provider drop a redelivery. */
export interface OutgoingMessage {
  readonly idempotencyKey: string;
  readonly channel: Channel;
  readonly customerId: string;
  readonly journeyId: string;
  readonly runId: string;
  readonly stepId: string;
  readonly template: string;
  readonly offer?: string;
  /** The customer's address on the channel (an email address, an E.164 number for SMS). It is PII: never logged. */
  readonly to?: string;
  /** The devices a push goes to. Their tokens identify the customer's phones: never logged. */
  readonly devices?: readonly Device[];
  readonly subject?: string;
  /** The plain-text part (the whole message on text-only channels). */
  readonly body: string;
  /** The rendered HTML part of an email. */
  readonly html?: string;
  /** Where a webhook is POSTed: its template's URL, admitted by the workspace's allowlist. */
  readonly url?: string;
  /** The one-click unsubscribe link the message carries (RFC 8058 for email). */
  readonly unsubscribeUrl?: string;
  /** The segments an SMS is billed as (workflows/messages/sms-segments.ts). */
  readonly segments?: number;
  readonly at: number;
}

/** What the provider made of one message. A rejection is permanent: it is recorded, never retried. */
export type DeliveryOutcome = (
  | { readonly idempotencyKey: string; readonly status: 'accepted'; readonly providerMessageId?: string }
  | { readonly idempotencyKey: string; readonly status: 'rejected'; readonly reason: string }
) & {
  /**
   * Tokens of the push devices the provider reported gone (a disabled endpoint, a token the
   * platform rejected): the send step unregisters them, so the next send skips them.
   */
  readonly goneDevices?: readonly string[];
  /**
   * The provider holds the address as opted out of the channel (an SMS number that replied
   * STOP): the send step unsubscribes the customer from it, so the next send skips them.
   */
  readonly optedOut?: boolean;
};

/**
 * What the send pipeline gives a delivery beside its messages: where the provider calls accepted
 * are marked, so that a message retried in another container (a Lambda timed out, an Express
 * child run twice) is not sent again by a provider that takes no idempotency token.
 */
export interface DeliveryContext {
  readonly marks?: DeliveryMarkStore;
  /** Keys an earlier attempt claimed, and may have delivered: only their marks are looked up. */
  readonly redeliveries?: ReadonlySet<string>;
  /** Where a push adapter keeps each message SNS took, for SNS's delivery status logs. */
  readonly pushMessages?: PushMessageStore;
}

/**
 * Where messages leave the system: the local outbox, or a provider adapter (SES for email) in
 * Lambda and the engine alike. Delivery is in batches, as providers prefer. It resolves with one
 * outcome per message; it throws only for a failure worth retrying the whole batch (the
 * idempotency keys, and the marks of what was accepted, make that safe).
 */
export interface ChannelAdapter {
  deliver(messages: readonly OutgoingMessage[], context?: DeliveryContext): Promise<DeliveryOutcome[]>;
}

/** The adapter with `context` given to every delivery: the send pipeline's marks and redeliveries. */
export function withContext(adapter: ChannelAdapter, context: DeliveryContext): ChannelAdapter {
  return { deliver: (messages) => adapter.deliver(messages, context) };
}

export const acceptedAll = (messages: readonly OutgoingMessage[]): DeliveryOutcome[] =>
  messages.map((message) => ({ idempotencyKey: message.idempotencyKey, status: 'accepted' }));
