import {
  createSegmentAuthorizerHandler,
  segmentAuthorizerEvent,
} from '../../functions/segment-authorizer/handler.ts';
import { createSegmentEventsHandler, segmentApiEvent } from '../../functions/segment-events/handler.ts';
import { isSegmentPath } from '../../functions/segment-events/segment-request.ts';
import { SEGMENT_LIMITS } from '../../workflows/segment/spec.ts';
import type { LocalEngine } from '../engine.ts';
import { PAYERS } from '../metering/payers.ts';
import { LAMBDA_CONTEXT } from '../task-handlers.ts';
import { json, type ServeRoute } from './route.ts';

interface Chains {
  readonly authorizer: ReturnType<typeof createSegmentAuthorizerHandler>;
  readonly events: ReturnType<typeof createSegmentEventsHandler>;
}

/** Each engine's chains, made on its first Segment call: the events API's dependencies, as Lambda's. */
const chains = new WeakMap<LocalEngine, Chains>();

function chainsOf(engine: LocalEngine): Chains {
  const known = chains.get(engine);
  if (known) return known;
  const deps = engine.depsOf(PAYERS.eventsApi);
  const made: Chains = {
    // The key serve was given: what the authorizer reads from its secret in AWS.
    authorizer: createSegmentAuthorizerHandler({
      writeKey: async () => deps.config.SEGMENT_WRITE_KEY ?? '',
      logger: deps.logger,
    }),
    events: createSegmentEventsHandler(deps),
  };
  chains.set(engine, made);
  return made;
}

/**
 * Segment's tracking API on `journeys serve`: the write key checked by the authorizer's chain
 * (a missing or wrong one is 401, as Segment answers it), then the call through the segment-events
 * chain, billed to the events API.
 */
export const segmentRoute: ServeRoute = {
  name: 'POST /v1/batch, /v1/track, /v1/identify (Segment)',
  path: /^\/v1\/(?:batch|track|identify)$/,
  maxBodyBytes: SEGMENT_LIMITS.batchBytes,
  handle: async (request, engine) => {
    const path = request.url.pathname;
    if (request.method !== 'POST' || !isSegmentPath(path))
      return json(405, { success: false, message: `use POST ${path}` });
    const { authorizer, events } = chainsOf(engine);
    const authorization = request.headers.authorization;
    const { isAuthorized } = await authorizer(
      segmentAuthorizerEvent(`POST ${path}`, authorization) as never,
      LAMBDA_CONTEXT,
    );
    if (!isAuthorized)
      return {
        ...json(401, {
          success: false,
          message: 'expected the write key as the user name of HTTP Basic auth (journeys serve prints it)',
        }),
        headers: { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="Segment"' },
      };
    const event = segmentApiEvent(path, request.bytes, request.headers['content-encoding']);
    return engine.callEventsApi(() => events(event as never, LAMBDA_CONTEXT));
  },
};
