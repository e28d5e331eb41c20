import {
  type CustomerRightsRequest,
  createCustomerRightsHandler,
  customerRightsApiEvent,
} from '../../functions/customer-rights/handler.ts';
import type { HttpResponse } from '../../functions/ingest-events/events-request.ts';
import type { LocalEngine } from '../engine.ts';
import { PAYERS } from '../metering/payers.ts';
import { LAMBDA_CONTEXT } from '../task-handlers.ts';
import type { ServeRoute } from './route.ts';

/** Neither route takes a body. */
const NO_BODY_BYTES = 1024;

/** Each engine's chain, made on its first request: the events API's dependencies, as Lambda's. */
const chains = new WeakMap<LocalEngine, ReturnType<typeof createCustomerRightsHandler>>();

/**
 * DELETE /customers/{id} or GET /customers/{id}/export through the same handler chain as its
 * Lambda, billed to the events API like the rest of it.
 */
export function customerRights(engine: LocalEngine, request: CustomerRightsRequest): Promise<HttpResponse> {
  let chain = chains.get(engine);
  if (!chain) {
    chain = createCustomerRightsHandler(engine.depsOf(PAYERS.eventsApi));
    chains.set(engine, chain);
  }
  const call = chain;
  return engine.callEventsApi(() => call(customerRightsApiEvent(request) as never, LAMBDA_CONTEXT));
}

export const customerRightsRoute: ServeRoute = {
  name: 'DELETE /customers/{id}, GET /customers/{id}/export',
  path: /^\/customers\/(?<id>[^/]+)(?<export>\/export)?$/,
  maxBodyBytes: NO_BODY_BYTES,
  handle: (request, engine) =>
    customerRights(engine, {
      method: request.method,
      route: request.params.export ? 'export' : 'erase',
      id: request.params.id ?? '',
    }),
};
