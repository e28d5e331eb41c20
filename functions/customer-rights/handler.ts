import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { HttpResponse } from '../ingest-events/events-request.ts';
import { type CustomerRightsRequest, handleCustomerRightsRequest } from './customer-rights.ts';

export type { CustomerRightsRequest } from './customer-rights.ts';

/** DELETE /customers/{id} and GET /customers/{id}/export behind the events API (IAM auth). */
export const createCustomerRightsHandler = (deps: RuntimeDeps) =>
  middy<APIGatewayProxyEventV2, HttpResponse>()
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics))
    .handler((event) =>
      handleCustomerRightsRequest(
        {
          method: event.requestContext.http.method,
          route: event.routeKey?.endsWith('/export') ? 'export' : 'erase',
          id: event.pathParameters?.id,
        },
        deps,
      ),
    );

/** The API Gateway event of a request, for a runtime that calls this chain as API Gateway would (the engine). */
export function customerRightsApiEvent(request: CustomerRightsRequest): Partial<APIGatewayProxyEventV2> {
  return {
    requestContext: { http: { method: request.method } } as APIGatewayProxyEventV2['requestContext'],
    routeKey: request.route === 'export' ? 'GET /customers/{id}/export' : 'DELETE /customers/{id}',
    pathParameters: request.id === undefined ? {} : { id: request.id },
    isBase64Encoded: false,
  };
}
