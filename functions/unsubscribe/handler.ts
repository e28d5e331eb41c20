import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { HttpResponse } from '../ingest-events/events-request.ts';
import { handleUnsubscribeRequest, type UnsubscribeRequest } from './unsubscribe.ts';

/** GET and POST /unsubscribe behind the events API (no IAM: the signed token is the authority). */
export const createUnsubscribeHandler = (deps: RuntimeDeps) =>
  middy<APIGatewayProxyEventV2, HttpResponse>()
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics))
    .handler((event) =>
      handleUnsubscribeRequest(
        {
          method: event.requestContext.http.method,
          token: event.queryStringParameters?.token,
          body:
            event.isBase64Encoded && event.body
              ? Buffer.from(event.body, 'base64').toString('utf8')
              : event.body,
        },
        deps,
      ),
    );

/** The API Gateway event of a request, for a runtime that calls this chain as API Gateway would (the engine). */
export function unsubscribeApiEvent(request: UnsubscribeRequest): Partial<APIGatewayProxyEventV2> {
  return {
    requestContext: { http: { method: request.method } } as APIGatewayProxyEventV2['requestContext'],
    ...(request.token === undefined ? {} : { queryStringParameters: { token: request.token } }),
    ...(request.body === undefined ? {} : { body: request.body }),
    isBase64Encoded: false,
  };
}
