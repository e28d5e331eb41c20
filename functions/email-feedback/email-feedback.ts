import { type FeedbackSummary, ingestFeedback } from '../commons/channels/feedback-ingest.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { zodProblems } from '../commons/runtime/zod-problems.ts';
import { ingestEvents } from '../ingest-events/ingest.ts';
import { type FeedbackEvent, feedbackEventOf } from './feedback-event.ts';
import { DETAIL_TYPES, SesEvent } from './ses-event.ts';

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
  return ingestFeedback(
    events,
    { ignored, dropped },
    { item: 'SES event', metricPrefix: 'EmailFeedback' },
    deps,
    ingestEvents,
  );
}

/** The event's detail-type when it is one SES publishes: safe to log, unlike anything else in it. */
function knownDetailType(raw: unknown): string | undefined {
  const detailType = (raw as { 'detail-type'?: unknown } | null)?.['detail-type'];
  return typeof detailType === 'string' && KNOWN_DETAIL_TYPES.has(detailType) ? detailType : undefined;
}
