import { type EventResult, MAX_EVENTS_PER_BATCH } from '../../../workflows/contracts/customer.ts';
import { chunks } from '../dynamo/batch.ts';
import { JourneysError } from '../runtime/errors.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';

/** The events API's ingest, passed in by the handler (commons never imports a handler). */
export type IngestEvents = (events: readonly unknown[], deps: RuntimeDeps) => Promise<EventResult[]>;

/** What became of a provider's feedback in one invocation. */
export interface FeedbackSummary {
  /** Became customer events, applied to the profile and counted in the funnel. */
  readonly accepted: number;
  /** Told before (the same message and kind, or the same reply): changed nothing. */
  readonly duplicates: number;
  /** Valid, but nothing the funnel counts: another event type, a status that is not final, a message no journey sent. */
  readonly ignored: number;
  /** Malformed, or refused by the events API: logged and dropped, since a retry cannot mend them. */
  readonly dropped: number;
}

/** Some feedback could not be processed for a reason of the server's; the invocation is worth retrying. */
export class FeedbackNotProcessedError extends JourneysError {}

/** How one provider's feedback is named in the logs, the metrics and the error. */
export interface FeedbackSource {
  /** What the provider sends, as the logs name it: "SES event", "SMS notification". */
  readonly item: string;
  /** The metrics are `<metricPrefix>Accepted` and `<metricPrefix>Dropped`. */
  readonly metricPrefix: string;
}

/**
 * Ingests the customer events made from a provider's feedback, like POST /events, in batches the
 * API takes, and sums up. `sorted` counts what was ignored or dropped before ingest. An event the
 * API refuses is logged by its problems (never its ids or values) and dropped; if any failed for
 * a reason of the server's, this throws once the rest are in, and the retry finds those as
 * duplicates.
 */
export async function ingestFeedback(
  events: readonly { readonly name: string }[],
  sorted: { readonly ignored: number; readonly dropped: number },
  source: FeedbackSource,
  deps: RuntimeDeps,
  ingest: IngestEvents,
): Promise<FeedbackSummary> {
  let dropped = sorted.dropped;
  const results: EventResult[] = [];
  for (const batch of chunks(events, MAX_EVENTS_PER_BATCH)) {
    const answered = await ingest(batch, deps);
    results.push(...answered);
    for (const result of answered)
      if (result.status === 'rejected') {
        dropped += 1;
        deps.logger.warn(`${source.item} dropped: refused by the events API`, {
          event: batch[result.index]?.name,
          problems: result.problems,
        });
      }
  }
  const count = (status: EventResult['status']) =>
    results.filter((result) => result.status === status).length;
  deps.metrics.addMetric(`${source.metricPrefix}Accepted`, 'Count', count('accepted'));
  deps.metrics.addMetric(`${source.metricPrefix}Dropped`, 'Count', dropped);
  const failed = count('failed');
  if (failed > 0)
    throw new FeedbackNotProcessedError(
      `${failed} of the ${events.length} customer events made from ${source.item}s were not processed`,
    );
  return { accepted: count('accepted'), duplicates: count('duplicate'), ignored: sorted.ignored, dropped };
}
