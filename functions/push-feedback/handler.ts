import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import type { FeedbackSummary } from '../commons/channels/feedback-ingest.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { ingestDeliveryStatusLogs } from './push-feedback.ts';

/**
 * The subscriber of the platform applications' delivery status log groups. The batch is validated
 * by the logic, not a middleware, so a malformed record is dropped (a retry cannot mend it) and
 * only a failure worth retrying throws, for Lambda's asynchronous retries and then its failure
 * destination.
 */
export const createPushFeedbackHandler = (deps: RuntimeDeps) =>
  middy<CloudWatchLogsEvent, FeedbackSummary>()
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics))
    .handler((event) => ingestDeliveryStatusLogs(event, deps));
