import { createHash } from 'node:crypto';
import type { CustomerEvent } from '../../workflows/contracts/customer.ts';
import type { JourneysError } from '../commons/runtime/errors.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { zodProblems } from '../commons/runtime/zod-problems.ts';
import type { InboxMessage, InboxStore } from '../commons/stores/inbox.ts';
import type { HttpResponse } from '../ingest-events/events-request.ts';
import { ingestEvents } from '../ingest-events/ingest.ts';
import {
  type InboxEntry,
  type InboxListing,
  ListInboxRequest,
  type ReadAnswer,
  ReadMessageRequest,
} from './inbox-schemas.ts';

/** One request to the inbox routes, as API Gateway and `journeys serve` both give it. */
export interface InboxRequest {
  readonly method: string;
  /** The path parameters as they came (percent-encoded or not): {id}, and {message} on the read route. */
  readonly path: { readonly id?: string; readonly message?: string };
  readonly query?: Readonly<Record<string, string | undefined>>;
}

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

const iso = (at: number) => new Date(at).toISOString();

export function entryOf(message: InboxMessage): InboxEntry {
  return {
    id: message.id,
    ...(message.subject === undefined ? {} : { subject: message.subject }),
    body: message.body,
    journeyId: message.journeyId,
    stepId: message.stepId,
    ...(message.offer === undefined ? {} : { offer: message.offer }),
    sentAt: iso(message.sentAt),
    expiresAt: iso(message.expiresAt),
    read: message.readAt !== undefined,
    ...(message.readAt === undefined ? {} : { readAt: iso(message.readAt) }),
  };
}

/**
 * The open of one message as a customer event, through the same ingest as POST /events. The id
 * comes from the message's idempotency key (hashed: event ids are short), so it is always the same.
 */
export function openedEvent(message: InboxMessage): CustomerEvent {
  return {
    eventId: `in_app_opened:${createHash('sha256').update(message.idempotencyKey).digest('hex').slice(0, 40)}`,
    customerId: message.customerId,
    name: 'in_app_opened',
    at: iso(message.readAt ?? message.sentAt),
    properties: {
      idempotencyKey: message.idempotencyKey,
      journeyId: message.journeyId,
      runId: message.runId,
      stepId: message.stepId,
    },
  };
}

/** A path parameter as given; API Gateway may pass it percent-encoded, and no valid id holds a "%". */
function decoded(value: string | undefined): string | undefined {
  if (value === undefined || !value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * GET /customers/{id}/inbox lists a customer's in-app messages, newest first, `limit` a page
 * (20 by default, 100 at most) with an opaque `next` cursor; a message past its expiry is not
 * listed, even before DynamoDB's TTL removes it. POST /customers/{id}/inbox/{message}/read marks
 * it read and counts the open once: an `in_app_opened` event through ingest, posted until ingest
 * has it, so reading again changes nothing. A bad path or query is refused with 400, field by field.
 */
export async function handleInboxRequest(
  request: InboxRequest,
  deps: RuntimeDeps,
  inbox: InboxStore,
): Promise<HttpResponse> {
  const path = { id: decoded(request.path.id), message: decoded(request.path.message) };
  const method = request.method.toUpperCase();
  try {
    if (path.message === undefined) {
      if (method !== 'GET') return json(405, { message: 'use GET /customers/{id}/inbox' }, { allow: 'GET' });
      return await listInbox({ path: { id: path.id }, query: request.query ?? {} }, deps, inbox);
    }
    if (method !== 'POST')
      return json(405, { message: 'use POST /customers/{id}/inbox/{message}/read' }, { allow: 'POST' });
    return await readMessage({ path }, deps, inbox);
  } catch (error) {
    const exposed = error as JourneysError & { statusCode?: number; expose?: boolean };
    if (exposed.expose && exposed.statusCode) return json(exposed.statusCode, { message: exposed.message });
    deps.logger.error('inbox request failed', { error: exposed.name });
    return json(500, { message: 'internal error' });
  }
}

async function listInbox(raw: unknown, deps: RuntimeDeps, inbox: InboxStore): Promise<HttpResponse> {
  const parsed = ListInboxRequest.safeParse(raw, { reportInput: true });
  if (!parsed.success)
    return json(400, {
      message: 'expected GET /customers/{id}/inbox?limit=1..100&next=<cursor>',
      problems: zodProblems(parsed.error),
    });
  const { path, query } = parsed.data;
  const page = await inbox.list(path.id, deps.clock.now(), { limit: query.limit, after: query.next });
  const listing: InboxListing = {
    messages: page.messages.map(entryOf),
    ...(page.next === undefined ? {} : { next: page.next }),
  };
  return json(200, listing);
}

async function readMessage(raw: unknown, deps: RuntimeDeps, inbox: InboxStore): Promise<HttpResponse> {
  const parsed = ReadMessageRequest.safeParse(raw, { reportInput: true });
  if (!parsed.success)
    return json(400, {
      message: 'expected POST /customers/{id}/inbox/{message}/read with a message id the inbox listed',
      problems: zodProblems(parsed.error),
    });
  const { id, message: messageId } = parsed.data.path;
  const message = await inbox.markRead(id, messageId, deps.clock.now());
  if (!message) return json(404, { message: 'no such message in this inbox; it may have expired' });
  const answer: ReadAnswer = { message: entryOf(message) };
  if (message.openCounted) return json(200, answer);
  const [result] = await ingestEvents([openedEvent(message)], deps);
  if (result?.status === 'accepted' || result?.status === 'duplicate') {
    await inbox.markOpenCounted(id, messageId);
    return json(200, answer);
  }
  if (result?.status === 'rejected') {
    // The read stands; only its count is lost, and a retry would be refused the same way.
    deps.logger.error('in-app open refused by ingest', { problems: result.problems.map((p) => p.path) });
    return json(200, answer);
  }
  deps.logger.error('in-app open not recorded', { status: result?.status });
  return json(503, { message: 'the message is read, but its open was not recorded; try again' });
}
