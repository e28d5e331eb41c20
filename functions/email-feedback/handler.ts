import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import type { FeedbackSummary } from '../commons/channels/feedback-ingest.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { ingestSesEvents } from './email-feedback.ts';

/**
 * The target of the EventBridge rule on SES's events: one event a call. It is validated by the
 * logic, not by a middleware, so a malformed event is dropped (a retry cannot mend it) and only a
 * failure worth retrying throws, for EventBridge to retry and then dead-letter.
 */
export const createEmailFeedbackHandler = (deps: RuntimeDeps) =>
  middy<EventBridgeEvent<string, unknown>, FeedbackSummary>()
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics))
    .handler((event) => ingestSesEvents([event], deps));
