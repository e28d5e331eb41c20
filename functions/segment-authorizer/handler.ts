import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult } from 'aws-lambda';
import { authorizes } from './write-key.ts';

export interface SegmentAuthorizerDeps {
  /** The write key Segment's libraries must send: a secret's value in AWS, the serve option locally. */
  readonly writeKey: () => Promise<string>;
  readonly logger: Logger;
}

/**
 * The Lambda authorizer of the Segment routes (HTTP API, simple responses): a request is let in
 * when its Authorization header is HTTP Basic with the write key as the user name. API Gateway
 * caches the answer per header, so the secret is read at most once a container in its cache time.
 */
export const createSegmentAuthorizerHandler = (deps: SegmentAuthorizerDeps) =>
  middy<APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult>()
    .use(injectLambdaContext(deps.logger))
    .handler(async (event) => {
      const header = Object.entries(event.headers ?? {}).find(
        ([name]) => name.toLowerCase() === 'authorization',
      )?.[1];
      const isAuthorized = authorizes(header, await deps.writeKey());
      // The route, never the key or who sent it.
      if (!isAuthorized) deps.logger.warn('segment write key refused', { routeKey: event.routeKey });
      return { isAuthorized };
    });

/** The authorizer's event for a request, for a runtime that calls this chain as API Gateway would (the engine). */
export function segmentAuthorizerEvent(
  routeKey: string,
  authorization: string | undefined,
): Partial<APIGatewayRequestAuthorizerEventV2> {
  return {
    type: 'REQUEST',
    routeKey,
    headers: authorization === undefined ? {} : { authorization },
    identitySource: authorization === undefined ? [] : [authorization],
  };
}
