import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { type HttpResponse, handleEventsRequest, notUtf8Answer, utf8Text } from './events-request.ts';

/** The events API behind API Gateway (HTTP API, IAM auth): the body carries the batch. */
export const createIngestEventsHandler = (deps: RuntimeDeps) =>
  middy<APIGatewayProxyEventV2, HttpResponse>()
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics))
    .handler(async (event) => {
      if (!event.isBase64Encoded || !event.body) return handleEventsRequest(event.body, deps);
      const body = utf8Text(Buffer.from(event.body, 'base64'));
      return body === undefined ? notUtf8Answer() : handleEventsRequest(body, deps);
    });
