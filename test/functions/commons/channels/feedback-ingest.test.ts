import { describe, expect, test, vi } from 'vitest';
import {
  FeedbackNotProcessedError,
  type IngestEvents,
  ingestFeedback,
} from '../../../../functions/commons/channels/feedback-ingest.ts';
import { createLogger, createMetrics } from '../../../../functions/commons/runtime/observability.ts';
import type { RuntimeDeps } from '../../../../functions/commons/runtime/runtime-deps.ts';
import type { EventResult } from '../../../../workflows/contracts/customer.ts';

/** Only the logger and the metrics: the ingest is the test's own. */
function observedDeps() {
  const deps = { logger: createLogger({ silent: true }), metrics: createMetrics({ silent: true }) };
  return {
    deps: deps as unknown as RuntimeDeps,
    warn: vi.spyOn(deps.logger, 'warn'),
    addMetric: vi.spyOn(deps.metrics, 'addMetric'),
  };
}

/** An ingest answering each event with the status its name asks for. */
const answering: IngestEvents = async (events) =>
  events.map((event, index): EventResult => {
    const name = (event as { name: string }).name;
    if (name === 'refused')
      return { index, status: 'rejected', problems: [{ path: 'at', message: 'too old' }] };
    if (name === 'failing') return { index, status: 'failed', message: 'throttled' };
    if (name === 'told-before') return { index, status: 'duplicate' };
    return { index, status: 'accepted', enrolled: [] };
  });

const source = { item: 'SES event', metricPrefix: 'EmailFeedback' };

describe('ingesting the customer events of a provider feedback', () => {
  test('sums up what was accepted, told before, ignored and dropped, and counts both metrics', async () => {
    // Prepare
    const { deps, warn, addMetric } = observedDeps();
    const events = [{ name: 'email_delivered' }, { name: 'told-before' }, { name: 'refused' }];

    // Act
    const summary = await ingestFeedback(events, { ignored: 2, dropped: 1 }, source, deps, answering);

    // Assess
    expect(summary).toEqual({ accepted: 1, duplicates: 1, ignored: 2, dropped: 2 });
    expect(warn).toHaveBeenCalledWith('SES event dropped: refused by the events API', {
      event: 'refused',
      problems: [{ path: 'at', message: 'too old' }],
    });
    expect(addMetric).toHaveBeenCalledWith('EmailFeedbackAccepted', 'Count', 1);
    expect(addMetric).toHaveBeenCalledWith('EmailFeedbackDropped', 'Count', 2);
  });

  test('throws for a retry when the server failed an event, after ingesting the rest', async () => {
    // Prepare
    const { deps } = observedDeps();
    const ingest = vi.fn(answering);
    const events = [{ name: 'failing' }, { name: 'sms_delivered' }];

    // Act
    const ingesting = ingestFeedback(events, { ignored: 0, dropped: 0 }, source, deps, ingest);

    // Assess
    await expect(ingesting).rejects.toThrow(FeedbackNotProcessedError);
    await expect(ingesting).rejects.toThrow(
      '1 of the 2 customer events made from SES events were not processed',
    );
    expect(ingest).toHaveBeenCalledTimes(1);
  });
});
