import { createHash } from 'node:crypto';
import type { StoredPushMessage } from '../commons/stores/push-messages.ts';
import { type DeliveryStatusRecord, failureReason } from './delivery-status.ts';

/** The customer event a delivery status becomes, in the shape POST /events takes. */
export interface PushFeedbackEvent {
  readonly eventId: string;
  readonly customerId: string;
  readonly name: 'push_delivered' | 'push_failed';
  readonly at: string;
  readonly properties: Record<string, unknown>;
}

/** The message's key as part of an event id: a digest, so its length and letters never matter. */
const idDigest = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 40);

/**
 * The event of one delivery status about a push a journey sent: `push_delivered` when APNs or FCM
 * took it, `push_failed` with their reason when they refused it. Its id names the journey's message
 * (not SNS's, which is one per device) and the kind, so a log line told twice, or the statuses of a
 * customer's several devices, count once: no more delivered than sent. `loggedAt` is when SNS
 * logged the hand-off.
 */
export function pushDeliveryEvent(
  record: DeliveryStatusRecord,
  sent: StoredPushMessage,
  loggedAt: number,
): PushFeedbackEvent {
  const name = record.status === 'SUCCESS' ? 'push_delivered' : 'push_failed';
  const { idempotencyKey, journeyId, runId, stepId } = sent;
  return {
    eventId: `push:${idDigest(idempotencyKey)}:${name}`,
    customerId: sent.customerId,
    name,
    at: new Date(loggedAt).toISOString(),
    properties: {
      idempotencyKey,
      journeyId,
      runId,
      stepId,
      ...(name === 'push_failed' ? { reason: failureReason(record) } : {}),
    },
  };
}
