import type { Channel } from '../../../workflows/schema/index.ts';
import { allOrFirstError } from '../util/concurrency.ts';
import type { ChannelAdapter, DeliveryContext, DeliveryOutcome, OutgoingMessage } from './channel-adapter.ts';

/**
 * One adapter over several: each message goes to the adapter of its channel (email to SES, say),
 * any other to the fallback (the outbox). Outcomes come back in the order of the messages.
 */
export class ChannelRouter implements ChannelAdapter {
  constructor(
    private readonly byChannel: Readonly<Partial<Record<Channel, ChannelAdapter>>>,
    private readonly fallback: ChannelAdapter,
  ) {}

  async deliver(messages: readonly OutgoingMessage[], context?: DeliveryContext): Promise<DeliveryOutcome[]> {
    const groups = new Map<ChannelAdapter, OutgoingMessage[]>();
    for (const message of messages) {
      const adapter = this.byChannel[message.channel] ?? this.fallback;
      groups.set(adapter, [...(groups.get(adapter) ?? []), message]);
    }
    const outcomes = new Map<string, DeliveryOutcome>();
    // Every group finishes before a failure is thrown, so nothing is still sending when the caller retries.
    await allOrFirstError(
      [...groups].map(async ([adapter, group]) => {
        for (const outcome of await adapter.deliver(group, context))
          outcomes.set(outcome.idempotencyKey, outcome);
      }),
    );
    return messages.map(
      (message) =>
        outcomes.get(message.idempotencyKey) ?? {
          idempotencyKey: message.idempotencyKey,
          status: 'rejected',
          reason: `the ${message.channel} adapter gave no outcome`,
        },
    );
  }
}
