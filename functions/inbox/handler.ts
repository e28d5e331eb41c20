import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { InboxStore } from '../commons/stores/inbox.ts';
import type { HttpResponse } from '../ingest-events/events-request.ts';
import { handleInboxRequest, type InboxRequest } from './inbox.ts';

export type { InboxRequest } from './inbox.ts';

/** GET /customers/{id}/inbox and POST /customers/{id}/inbox/{message}/read behind the events API (IAM auth). */
export const createInboxHandler = (deps: RuntimeDeps, inbox: InboxStore) =>
  middy<APIGatewayProxyEventV2, HttpResponse>()
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics))
    .handler((event) =>
      handleInboxRequest(
        {
          method: event.requestContext.http.method,
          path: event.pathParameters ?? {},
          query: event.queryStringParameters ?? {},
        },
        deps,
        inbox,
      ),
    );

/** The API Gateway event of a request, for a runtime that calls this chain as API Gateway would (the engine). */
export function inboxApiEvent(request: InboxRequest): Partial<APIGatewayProxyEventV2> {
  const path = Object.fromEntries(
    Object.entries(request.path).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const query = Object.fromEntries(
    Object.entries(request.query ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return {
    requestContext: { http: { method: request.method } } as APIGatewayProxyEventV2['requestContext'],
    pathParameters: path,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    isBase64Encoded: false,
  };
}
