import { createHash } from 'node:crypto';
import { MAX_EVENTS_PER_BATCH } from '../../../../workflows/contracts/customer.ts';
import { chunks } from '../../dynamo/batch.ts';
import type { RuntimeDeps } from '../../runtime/runtime-deps.ts';
import type { DeliveryOutcome, OutgoingMessage } from '../channel-adapter.ts';
import type { IngestEvents } from '../feedback-ingest.ts';

/**
 * The id of the event that unregisters a device gone at a message: from the message and the
 * token, so every report of it (the send step's, SNS's delivery status log) is one event.
 */
export function goneDeviceEventId(idempotencyKey: string, token: string): string {
  const digest = createHash('sha256').update(`${idempotencyKey}\u0000${token}`).digest('hex');
  return `push-gone:${digest.slice(0, 40)}`;
}

/**
 * A `device_unregistered` event per device the provider reported gone, dated when its message was
 * composed, before it left: a registration after that moment keeps the device. The event id comes
 * from the message and the token, so a retried shard's report is a duplicate, while a later
 * message that finds the token gone again (re-registered in between) is a new event.
 */
export function goneDeviceEvents(
  messages: readonly OutgoingMessage[],
  outcomes: readonly DeliveryOutcome[],
): object[] {
  const messageOf = new Map(messages.map((message) => [message.idempotencyKey, message]));
  const events = new Map<string, object>();
  for (const outcome of outcomes) {
    const message = messageOf.get(outcome.idempotencyKey);
    if (!message) continue;
    const customerId = message.customerId;
    for (const token of outcome.goneDevices ?? []) {
      const eventId = goneDeviceEventId(outcome.idempotencyKey, token);
      events.set(`${customerId}\u0000${eventId}`, {
        eventId,
        customerId,
        name: 'device_unregistered',
        at: new Date(message.at).toISOString(),
        properties: { token, reason: 'endpoint_disabled' },
      });
    }
  }
  return [...events.values()];
}

/**
 * Takes the gone devices off their profiles through the same ingest as POST /events (which also
 * deletes their endpoints while SNS still has them disabled), so the next send skips them, and a
 * customer left with none is skipped as having no device. Best effort: a failure is logged, never
 * fails the send, and the next send that finds the device gone reports it again.
 */
export async function unregisterGoneDevices(
  messages: readonly OutgoingMessage[],
  outcomes: readonly DeliveryOutcome[],
  deps: RuntimeDeps,
  ingest: IngestEvents,
): Promise<void> {
  await applyUnregistrations(goneDeviceEvents(messages, outcomes), deps, ingest);
}

/** `device_unregistered` events through ingest, in batches; best effort, logged by count, never by token. */
export async function applyUnregistrations(
  events: readonly object[],
  deps: RuntimeDeps,
  ingest: IngestEvents,
): Promise<void> {
  if (events.length === 0) return;
  let unregistered = 0;
  try {
    for (const batch of chunks(events, MAX_EVENTS_PER_BATCH)) {
      const results = await ingest(batch, deps);
      unregistered += results.filter((result) => result.status === 'accepted').length;
      const failed = results.filter((result) => result.status === 'failed' || result.status === 'rejected');
      if (failed.length > 0) deps.logger.warn('push devices not unregistered', { devices: failed.length });
    }
  } catch (error) {
    deps.logger.warn('push devices not unregistered', {
      devices: events.length,
      error: (error as Error).name,
    });
  }
  deps.metrics.addMetric('PushDevicesUnregistered', 'Count', unregistered);
}
