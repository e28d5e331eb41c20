import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { JourneysError } from '../commons/runtime/errors.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { ingestEventBridgeRecords, type RecordOutcome } from './eventbridge-events.ts';

/** A record that was not ingested: reported to SQS as a batch item failure. */
export class EventNotIngestedError extends JourneysError {}

/**
 * EventBridge events from an SQS queue: every record's event ingested in one batch, then each
 * record answered through Powertools' batch processor, so the records that were not ingested
 * (poison: retried, then left in the dead-letter queue; or failed: retried) are the batch item
 * failures and the rest are deleted from the queue.
 */
export const createEventBridgeEventsHandler = (deps: RuntimeDeps) =>
  middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics))
    .handler(async (event, context) => {
      const outcomes = await ingestEventBridgeRecords(event.Records, deps);
      const refused = [...outcomes.values()].filter((outcome) => !outcome.ok && outcome.poison).length;
      deps.metrics.addMetric('EventBridgeEventsRefused', 'Count', refused);
      const ignored = [...outcomes.values()].filter((outcome) => outcome.ok && outcome.status === 'ignored');
      deps.metrics.addMetric('SegmentCallsIgnored', 'Count', ignored.length);
      const answer = async (record: SQSRecord) => {
        const outcome: RecordOutcome | undefined = outcomes.get(record.messageId);
        if (outcome?.ok) return outcome.status;
        const paths = outcome && !outcome.ok && outcome.poison ? outcome.paths : [];
        // Where the event is wrong, never what it holds: it may be a customer's email or phone.
        deps.logger.warn('eventbridge event not ingested', { messageId: record.messageId, paths });
        throw new EventNotIngestedError(
          paths.length > 0 ? `refused at ${paths.join(', ')}` : 'not processed this time',
        );
      };
      return processPartialResponse(event, answer, new BatchProcessor(EventType.SQS), {
        context,
        // A batch that failed whole is answered like any other: each record is a failure.
        throwOnFullBatchFailure: false,
      });
    });
