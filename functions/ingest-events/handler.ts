import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { type HttpResponse, handleEventsRequest } from './events-request.ts';

/** The events API behind API Gateway (HTTP API, IAM auth): the body carries the batch. */
export const createIngestEventsHandler = (deps: RuntimeDeps) =>
  middy<APIGatewayProxyEventV2, HttpResponse>()
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics))
    .handler((event) => {
      const body =
        event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      return handleEventsRequest(body, deps);
    });
