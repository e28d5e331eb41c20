import { type EventResult, MAX_EVENTS_PER_BATCH } from '../../workflows/contracts/customer.ts';
import { chunks } from '../commons/dynamo/batch.ts';
import { JourneysError } from '../commons/runtime/errors.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { zodProblems } from '../commons/runtime/zod-problems.ts';
import { ingestEvents } from '../ingest-events/ingest.ts';
import { deliveryEventOf, replyEvent, replyIntent, type SmsFeedbackEvent } from './sms-feedback-events.ts';
import { type InboundSms, notificationOf, SnsRecord } from './sms-notifications.ts';

/** What became of the SNS notifications of one invocation. */
export interface SmsFeedbackSummary {
  /** Became customer events, applied to the profile and counted in the funnel. */
  readonly accepted: number;
  /** Told before (the same reply, or the same message and kind): changed nothing. */
  readonly duplicates: number;
  /** Valid, but nothing to do: a status that is not final, a reply that is no keyword, a number no customer has. */
  readonly ignored: number;
  /** Malformed, or refused by the events API: logged and dropped, since a retry cannot mend them. */
  readonly dropped: number;
}

/** Some notifications could not be processed for a reason of the server's; the invocation is worth retrying. */
export class SmsFeedbackNotProcessedError extends JourneysError {}

/**
 * End User Messaging SMS's notifications through SNS, each turned into customer events and
 * ingested like POST /events. A two-way reply names only a number: its customers come from the
 * phone index, kept to those whose profile still has the number; STOP (or another opt-out
 * keyword) unsubscribes them from SMS, START consents them to it again. A delivery event names
 * its message by the context it was sent with, and counts as sms_delivered or sms_failed at its
 * send step. Numbers and message text are never logged.
 */
export async function ingestSmsNotifications(
  records: readonly unknown[],
  deps: RuntimeDeps,
): Promise<SmsFeedbackSummary> {
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
  const results: EventResult[] = [];
  for (const batch of chunks(events, MAX_EVENTS_PER_BATCH)) {
    const answered = await ingestEvents(batch, deps);
    results.push(...answered);
    for (const result of answered)
      if (result.status === 'rejected') {
        dropped += 1;
        deps.logger.warn('SMS notification dropped: refused by the events API', {
          event: batch[result.index]?.name,
          problems: result.problems,
        });
      }
  }
  const count = (status: EventResult['status']) =>
    results.filter((result) => result.status === status).length;
  deps.metrics.addMetric('SmsFeedbackAccepted', 'Count', count('accepted'));
  deps.metrics.addMetric('SmsFeedbackDropped', 'Count', dropped);
  const failed = count('failed');
  if (failed > 0)
    throw new SmsFeedbackNotProcessedError(
      `${failed} of ${events.length} SMS feedback events were not processed`,
    );
  return { accepted: count('accepted'), duplicates: count('duplicate'), ignored, dropped };
}

/** The events of a reply: one per customer who still has the number, or why there are none. */
async function replyEvents(
  reply: InboundSms,
  at: string,
  deps: RuntimeDeps,
): Promise<(SmsFeedbackEvent | { ignored: string })[]> {
  const intent = replyIntent(reply);
  if (!intent) return [{ ignored: 'the reply is not an opt-out or opt-in keyword' }];
  const candidates = await deps.stores.phoneIndex.customersOf(reply.originationNumber);
  const profiles = await deps.stores.customers.getMany(candidates);
  // The index keeps numbers a profile has since changed: only a profile with the number now counts.
  const customers = candidates.filter((id) => profiles.get(id)?.phone === reply.originationNumber);
  if (customers.length === 0) return [{ ignored: 'no customer has the number the reply came from' }];
  return customers.map((customerId) => replyEvent(intent, reply, at, customerId));
}
