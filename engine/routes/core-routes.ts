import { UNSUBSCRIBE_PATH } from '../../functions/commons/channels/unsubscribe-link.ts';
import { notUtf8Answer, utf8Text } from '../../functions/ingest-events/events-request.ts';
import { json, type ServeRoute } from './route.ts';

/** A batch holds at most 500 events of at most a few KB each. */
const MAX_EVENTS_BODY_BYTES = 6 * 1024 * 1024;
/** A one-click unsubscribe POST carries one short form field; an inbox read carries nothing. */
const SMALL_BODY_BYTES = 16 * 1024;

export const eventsRoute: ServeRoute = {
  name: 'POST /events',
  path: /^\/events$/,
  maxBodyBytes: MAX_EVENTS_BODY_BYTES,
  handle: async (request, engine) => {
    if (request.method !== 'POST') return json(405, { message: 'use POST /events' });
    // As the Lambda refuses a base64 body that is not UTF-8, rather than store U+FFFD.
    const body = utf8Text(request.bytes);
    return body === undefined ? notUtf8Answer() : engine.postEvents(body);
  },
};

export const unsubscribeRoute: ServeRoute = {
  name: `GET and POST ${UNSUBSCRIBE_PATH}`,
  path: new RegExp(`^${UNSUBSCRIBE_PATH}$`),
  maxBodyBytes: SMALL_BODY_BYTES,
  handle: (request, engine) =>
    engine.unsubscribe({
      method: request.method,
      token: request.url.searchParams.get('token') ?? undefined,
      body: request.body,
    }),
};

export const inboxRoute: ServeRoute = {
  name: 'GET /customers/{id}/inbox, POST /customers/{id}/inbox/{message}/read',
  path: /^\/customers\/(?<id>[^/]+)\/inbox(?:\/(?<message>[^/]+)\/read)?$/,
  maxBodyBytes: SMALL_BODY_BYTES,
  handle: (request, engine) =>
    engine.inbox({
      method: request.method,
      path: {
        id: request.params.id ?? '',
        ...(request.params.message ? { message: request.params.message } : {}),
      },
      query: Object.fromEntries(request.url.searchParams),
    }),
};
