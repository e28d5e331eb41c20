import { createHash } from 'node:crypto';
import type { CustomerEvent } from '../../workflows/contracts/customer.ts';
import { UnsubscribeLinkError } from '../commons/channels/unsubscribe-link.ts';
import { type UnsubscribeClaim, verifyUnsubscribeToken } from '../commons/channels/unsubscribe-token.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { HttpResponse } from '../ingest-events/events-request.ts';
import { ingestEvents } from '../ingest-events/ingest.ts';
import { confirmPage, problemPage, unsubscribedPage } from './unsubscribe-page.ts';

/** One request to the unsubscribe route, as API Gateway and `journeys serve` both give it. */
export interface UnsubscribeRequest {
  readonly method: string;
  /** The `token` query parameter. */
  readonly token?: string;
  /** The form body of a POST. */
  readonly body?: string;
}

const html = (statusCode: number, body: string, headers: Record<string, string> = {}): HttpResponse => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The token is in the URL: no page it leads to may learn it.
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    ...headers,
  },
  body,
});

/** RFC 8058: a one-click POST carries the form field `List-Unsubscribe=One-Click`. */
const isOneClick = (body: string | undefined) =>
  new URLSearchParams(body ?? '').get('List-Unsubscribe') === 'One-Click';

/** The same token always makes the same event id, so a second click is a duplicate that changes nothing. */
export function unsubscribeEvent(token: string, claim: UnsubscribeClaim, now: number): CustomerEvent {
  return {
    eventId: `unsubscribe:${createHash('sha256').update(token).digest('hex').slice(0, 40)}`,
    customerId: claim.customerId,
    name: 'unsubscribe',
    at: new Date(now).toISOString(),
    properties: { channel: claim.channel },
  };
}

/**
 * GET /unsubscribe?token=… answers a page whose button POSTs; POST /unsubscribe?token=… (the
 * one-click POST of RFC 8058) turns a valid token into an `unsubscribe` event of its channel,
 * ingested like any POST /events, so the profile stops the channel at once. A token that does
 * not verify is refused with 403 and changes nothing.
 */
export async function handleUnsubscribeRequest(
  request: UnsubscribeRequest,
  deps: RuntimeDeps,
): Promise<HttpResponse> {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'POST')
    return html(405, problemPage('Not allowed', 'Use GET or POST /unsubscribe?token=…'), {
      allow: 'GET, POST',
    });
  if (!request.token)
    return html(
      400,
      problemPage('This link is incomplete', 'Expected /unsubscribe?token=… with the token of the link.'),
    );
  if (!deps.unsubscribeKey) throw new UnsubscribeLinkError('no unsubscribe key to check tokens with');
  const claim = verifyUnsubscribeToken(request.token, deps.unsubscribeKey);
  if (!claim)
    return html(
      403,
      problemPage('This link is not valid', 'The token of this unsubscribe link was changed or is not ours.'),
    );
  if (method === 'GET') return html(200, confirmPage(request.token, claim.channel));
  if (!isOneClick(request.body))
    return html(
      400,
      problemPage('Nothing was changed', 'Expected the form field List-Unsubscribe=One-Click.'),
    );
  const [result] = await ingestEvents([unsubscribeEvent(request.token, claim, deps.clock.now())], deps);
  if (result?.status === 'accepted' || result?.status === 'duplicate')
    return html(200, unsubscribedPage(claim.channel));
  deps.logger.error('unsubscribe not recorded', { status: result?.status, channel: claim.channel });
  return html(503, problemPage('Please try again', 'Your request could not be recorded this time.'));
}
