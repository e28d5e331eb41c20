import { createHash } from 'node:crypto';
import { MAX_EVENTS_PER_BATCH } from '../../../../workflows/contracts/customer.ts';
import { chunks } from '../../dynamo/batch.ts';
import type { RuntimeDeps } from '../../runtime/runtime-deps.ts';
import type { DeliveryOutcome, OutgoingMessage } from '../channel-adapter.ts';
import type { IngestEvents } from '../feedback-ingest.ts';

/**
 * An `unsubscribe` of its channel per message whose provider answered that the address opted
 * out (an SMS number on the pool's opt-out list). The event id comes from the message, so a
 * retried shard's answer is a duplicate.
 */
export function optOutEvents(
  messages: readonly OutgoingMessage[],
  outcomes: readonly DeliveryOutcome[],
  now: number,
): object[] {
  const byKey = new Map(messages.map((message) => [message.idempotencyKey, message]));
  return outcomes.flatMap((outcome) => {
    const message = byKey.get(outcome.idempotencyKey);
    if (!outcome.optedOut || !message) return [];
    const digest = createHash('sha256').update(outcome.idempotencyKey).digest('hex');
    return [
      {
        eventId: `opted-out:${message.channel}:${digest.slice(0, 40)}`,
        customerId: message.customerId,
        name: 'unsubscribe',
        at: new Date(now).toISOString(),
        properties: { channel: message.channel },
      },
    ];
  });
}

/**
 * Unsubscribes the customers whose numbers the provider holds as opted out from that channel,
 * through the same ingest as POST /events (and as a STOP reply), so the next send skips them
 * before calling the provider. Best effort: the provider's opt-out list still stops the message,
 * and the next send that meets it reports it again.
 */
export async function unsubscribeOptedOut(
  messages: readonly OutgoingMessage[],
  outcomes: readonly DeliveryOutcome[],
  deps: RuntimeDeps,
  ingest: IngestEvents,
): Promise<void> {
  const events = optOutEvents(messages, outcomes, deps.clock.now());
  if (events.length === 0) return;
  let unsubscribed = 0;
  try {
    for (const batch of chunks(events, MAX_EVENTS_PER_BATCH)) {
      const results = await ingest(batch, deps);
      unsubscribed += results.filter(
        (result) => result.status !== 'failed' && result.status !== 'rejected',
      ).length;
      const failed = results.filter((result) => result.status === 'failed' || result.status === 'rejected');
      if (failed.length > 0)
        deps.logger.warn('opted-out customers not unsubscribed', { customers: failed.length });
    }
  } catch (error) {
    deps.logger.warn('opted-out customers not unsubscribed', {
      customers: events.length,
      error: (error as Error).name,
    });
  }
  deps.metrics.addMetric('OptedOutUnsubscribed', 'Count', unsubscribed);
}
