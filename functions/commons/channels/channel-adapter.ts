import type { Channel } from '../../../workflows/schema/index.ts';

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
  readonly subject?: string;
  readonly body: string;
  readonly at: number;
}

/**
 * Where messages leave the system. Locally an outbox; in AWS, adapters for SES, SMS, push
 * and webhooks implement the same interface. Delivery is in batches, as providers prefer.
 */
export interface ChannelAdapter {
  deliver(messages: readonly OutgoingMessage[]): Promise<void>;
}
