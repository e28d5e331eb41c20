import { type FeedbackSummary, ingestFeedback } from '../commons/channels/feedback-ingest.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { ingestEvents } from '../ingest-events/ingest.ts';
import { type DeliveryStatusRecord, deliveryStatusOf, logsBatchOf } from './delivery-status.ts';
import { type PushFeedbackEvent, pushDeliveryEvent } from './push-feedback-events.ts';
import { refusedTokenEvent, unregisterRefusedTokens } from './refused-tokens.ts';

/**
 * SNS's delivery status logs of the platform applications, as a CloudWatch Logs subscription
 * delivers them: each record names the push by SNS's message id, which the push adapter kept with
 * the send it belongs to (stores/push-messages.ts). A hand-off to APNs or FCM counts as
 * push_delivered at its send step, a refusal as push_failed with the reason, both through the same
 * ingest as POST /events; a refusal of the token itself also unregisters the device. A malformed
 * record is logged by its fields' paths and dropped; a message no journey sent (or sent before the
 * store's 3 days) is ignored. Tokens are never logged.
 */
export async function ingestDeliveryStatusLogs(event: unknown, deps: RuntimeDeps): Promise<FeedbackSummary> {
  const batch = logsBatchOf(event);
  if ('problems' in batch) {
    deps.logger.warn('push delivery status batch dropped: malformed', { problems: batch.problems });
    return ingestFeedback([], { ignored: 0, dropped: 1 }, SOURCE, deps, ingestEvents);
  }
  // CloudWatch Logs checks a new subscription with a control message: nothing SNS wrote.
  if (batch.messageType === 'CONTROL_MESSAGE') return { accepted: 0, duplicates: 0, ignored: 0, dropped: 0 };
  let dropped = 0;
  const records: { record: DeliveryStatusRecord; loggedAt: number }[] = [];
  for (const [index, logEvent] of batch.logEvents.entries()) {
    const record = deliveryStatusOf(logEvent.message);
    if ('problems' in record) {
      dropped += 1;
      deps.logger.warn('push delivery status dropped: malformed', { index, problems: record.problems });
    } else records.push({ record, loggedAt: logEvent.timestamp });
  }
  const sent = await deps.stores.pushMessages.find(
    records.map(({ record }) => record.notification.messageId),
  );
  let ignored = 0;
  const events: PushFeedbackEvent[] = [];
  const refused: object[] = [];
  for (const { record, loggedAt } of records) {
    const message = sent.get(record.notification.messageId);
    if (!message) {
      ignored += 1;
      continue;
    }
    events.push(pushDeliveryEvent(record, message, loggedAt));
    const unregister = refusedTokenEvent(record, message);
    if (unregister) refused.push(unregister);
  }
  if (ignored > 0) deps.logger.debug('push delivery statuses ignored: no journey push kept', { ignored });
  const summary = await ingestFeedback(events, { ignored, dropped }, SOURCE, deps, ingestEvents);
  // A token APNs or FCM refused for good leaves the profile now, not at the device's next push.
  await unregisterRefusedTokens(refused, deps, ingestEvents);
  return summary;
}

const SOURCE = { item: 'push delivery status', metricPrefix: 'PushFeedback' } as const;
