import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import type { FeedbackSummary } from '../commons/channels/feedback-ingest.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { ingestSmsNotifications } from './sms-feedback.ts';

/**
 * The subscriber of the two SNS topics End User Messaging SMS publishes to: the two-way SMS
 * replies and the configuration set's delivery events. The records are validated by the logic,
 * not a middleware, so a malformed one is dropped (a retry cannot mend it) and only a failure
 * worth retrying throws, for Lambda's asynchronous retries and then its failure destination.
 */
export const createSmsFeedbackHandler = (deps: RuntimeDeps) =>
  middy<SNSEvent, FeedbackSummary>()
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics))
    .handler((event) => ingestSmsNotifications(event.Records ?? [], deps));
