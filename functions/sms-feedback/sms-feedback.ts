import { canonicalPhone } from '../../workflows/contracts/phone.ts';
import { type FeedbackSummary, ingestFeedback } from '../commons/channels/feedback-ingest.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { zodProblems } from '../commons/runtime/zod-problems.ts';
import { ingestEvents } from '../ingest-events/ingest.ts';
import { deliveryEventOf, replyEvent, replyIntent, type SmsFeedbackEvent } from './sms-feedback-events.ts';
import { type InboundSms, notificationOf, SnsRecord } from './sms-notifications.ts';

/**
 * End User Messaging SMS's notifications through SNS, each turned into customer events and
 * ingested like POST /events. A two-way reply names only a number: its customers come from the
 * phone index, kept to those whose profile still has the number; STOP (or another opt-out
 * keyword) unsubscribes them from SMS, START consents them to it again. A delivery event names
 * its message by the context it was sent with, and counts as sms_delivered or sms_failed at its
 * send step; a failure for an invalid number suppresses SMS. Numbers and message text are never logged.
 */
export async function ingestSmsNotifications(
  records: readonly unknown[],
  deps: RuntimeDeps,
): Promise<FeedbackSummary> {
  let ignored = 0;
  let dropped = 0;
  const events: SmsFeedbackEvent[] = [];
  for (const [index, raw] of records.entries()) {
    const record = SnsRecord.safeParse(raw);
    const notification = record.success
      ? notificationOf(record.data)
      : { kind: 'malformed' as const, problems: zodProblems(record.error) };
    if (notification.kind === 'malformed') {
      dropped += 1;
      deps.logger.warn('SMS notification dropped: malformed', { index, problems: notification.problems });
      continue;
    }
    const made =
      notification.kind === 'event'
        ? [deliveryEventOf(notification.record)]
        : await replyEvents(notification.reply, notification.at, deps);
    for (const event of made) {
      if ('ignored' in event) {
        ignored += 1;
        deps.logger.debug('SMS notification ignored', {
          index,
          kind: notification.kind,
          reason: event.ignored,
        });
      } else events.push(event);
    }
  }
  return ingestFeedback(
    events,
    { ignored, dropped },
    { item: 'SMS notification', metricPrefix: 'SmsFeedback' },
    deps,
    ingestEvents,
  );
}

/** The events of a reply: one per customer who still has the number, or why there are none. */
async function replyEvents(
  reply: InboundSms,
  at: string,
  deps: RuntimeDeps,
): Promise<(SmsFeedbackEvent | { ignored: string })[]> {
  const intent = replyIntent(reply);
  if (!intent) return [{ ignored: 'the reply is not an opt-out or opt-in keyword' }];
  const phone = canonicalPhone(reply.originationNumber);
  const candidates = await deps.stores.phoneIndex.customersOf(phone);
  const profiles = await deps.stores.customers.getMany(candidates);
  // The index keeps numbers a profile has since changed: only a profile with the number now counts.
  const customers = candidates.filter((id) => {
    const given = profiles.get(id)?.phone;
    return given !== undefined && canonicalPhone(given) === phone;
  });
  if (customers.length === 0) return [{ ignored: 'no customer has the number the reply came from' }];
  return customers.map((customerId) => replyEvent(intent, reply, at, customerId));
}
