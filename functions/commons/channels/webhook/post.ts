import type { LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pinnedLookup } from './target.ts';

export interface WebhookRequest {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The addresses the target was checked at: the connection goes to one of these, never a fresh lookup. */
  readonly addresses: readonly LookupAddress[];
  readonly timeoutMs: number;
}

/**
 * One POST, resolving with the status code as soon as the answer's head arrives (its body is
 * read and dropped). node:http(s) rather than fetch, for its `lookup` hook that pins the checked
 * addresses; like fetch's `redirect: 'manual'`, it never follows a redirect. A network failure or
 * the timeout (AbortSignal.timeout, over the whole exchange) rejects.
 */
export function postWebhook(request: WebhookRequest): Promise<number> {
  const send = request.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = Buffer.from(request.body, 'utf8');
  return new Promise<number>((resolve, reject) => {
    const outgoing = send(
      request.url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(body.length) },
        lookup: pinnedLookup(request.addresses),
        signal: AbortSignal.timeout(request.timeoutMs),
      },
      (response) => {
        response.on('error', () => {});
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
