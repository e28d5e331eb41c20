import { type EventResult, MAX_EVENTS_PER_BATCH } from '../../workflows/contracts/customer.ts';
import { chunks } from '../commons/dynamo/batch.ts';
import { JourneysError } from '../commons/runtime/errors.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { zodProblems } from '../commons/runtime/zod-problems.ts';
import { ingestEvents } from '../ingest-events/ingest.ts';
import { type FeedbackEvent, feedbackEventOf } from './feedback-event.ts';
import { DETAIL_TYPES, SesEvent } from './ses-event.ts';

/** What became of the SES events of one invocation. */
export interface FeedbackSummary {
  /** Became customer events, applied to the profile and counted in the funnel. */
  readonly accepted: number;
  /** Told before (the same message and kind): changed nothing. */
  readonly duplicates: number;
  /** Valid SES events the funnel does not count: other event types, messages not sent by a journey. */
  readonly ignored: number;
  /** Malformed, or refused by the events API: logged and dropped, since a retry cannot mend them. */
  readonly dropped: number;
}

/** Some events could not be processed for a reason of the server's; the invocation is worth retrying. */
export class FeedbackNotProcessedError extends JourneysError {}

const KNOWN_DETAIL_TYPES: ReadonlySet<string> = new Set(Object.values(DETAIL_TYPES));

/**
 * SES events from the configuration set's EventBridge destination, each turned into a customer
 * event (delivered, bounced, complained, opened, clicked) and ingested like POST /events: the
 * profile suppresses email after a hard bounce or a complaint, and the send step's funnel counts
 * each message once per kind. A malformed event is logged without its content and dropped, never
 * failing the others; a failure worth retrying throws once the rest are processed, and the retry
 * finds those as duplicates.
 */
export async function ingestSesEvents(
  rawEvents: readonly unknown[],
  deps: RuntimeDeps,
): Promise<FeedbackSummary> {
  let ignored = 0;
  let dropped = 0;
  const events: FeedbackEvent[] = [];
  for (const [index, raw] of rawEvents.entries()) {
    const parsed = SesEvent.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      dropped += 1;
      deps.logger.warn('SES event dropped: malformed', {
        index,
        detailType: knownDetailType(raw),
        problems: zodProblems(parsed.error),
      });
      continue;
    }
    const translated = feedbackEventOf(parsed.data);
    if ('ignored' in translated) {
      ignored += 1;
      deps.logger.debug('SES event ignored', {
        index,
        eventType: parsed.data.detail.eventType,
        reason: translated.ignored,
      });
      continue;
    }
    events.push(translated);
  }
  const results: EventResult[] = [];
  for (const batch of chunks(events, MAX_EVENTS_PER_BATCH)) {
    const answered = await ingestEvents(batch, deps);
    results.push(...answered);
    for (const result of answered)
      if (result.status === 'rejected') {
        dropped += 1;
        // Problems name fields and what was expected, never the ids or values of the event.
        deps.logger.warn('SES event dropped: refused by the events API', {
          event: batch[result.index]?.name,
          problems: result.problems,
        });
      }
  }
  const count = (status: EventResult['status']) =>
    results.filter((result) => result.status === status).length;
  deps.metrics.addMetric('EmailFeedbackAccepted', 'Count', count('accepted'));
  deps.metrics.addMetric('EmailFeedbackDropped', 'Count', dropped);
  const failed = count('failed');
  if (failed > 0)
    throw new FeedbackNotProcessedError(`${failed} of ${events.length} SES events were not processed`);
  return { accepted: count('accepted'), duplicates: count('duplicate'), ignored, dropped };
}

/** The event's detail-type when it is one SES publishes: safe to log, unlike anything else in it. */
function knownDetailType(raw: unknown): string | undefined {
  const detailType = (raw as { 'detail-type'?: unknown } | null)?.['detail-type'];
  return typeof detailType === 'string' && KNOWN_DETAIL_TYPES.has(detailType) ? detailType : undefined;
}
