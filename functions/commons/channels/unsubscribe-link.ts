import type { Channel } from '../../../workflows/schema/index.ts';
import { JourneysError } from '../runtime/errors.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import { signUnsubscribeToken } from './unsubscribe-token.ts';

/** The route of the one-click unsubscribe endpoint, on the events API and on `journeys serve`. */
export const UNSUBSCRIBE_PATH = '/unsubscribe';

/** A function that must sign unsubscribe links was deployed without what it takes. */
export class UnsubscribeLinkError extends JourneysError {}

/**
 * The customer's one-click unsubscribe link for a channel: the events API's /unsubscribe route
 * with a signed token naming the customer and the channel, and nothing else about them.
 */
export function unsubscribeUrl(
  deps: Pick<RuntimeDeps, 'config' | 'unsubscribeKey'>,
  customerId: string,
  channel: Channel,
): string {
  const base = deps.config.UNSUBSCRIBE_BASE_URL;
  if (!base) throw new UnsubscribeLinkError('UNSUBSCRIBE_BASE_URL is not set: expected the events API URL');
  if (!deps.unsubscribeKey)
    throw new UnsubscribeLinkError(
      'no unsubscribe key: expected UNSUBSCRIBE_SECRET_ARN in AWS, or UNSUBSCRIBE_KEY or a data folder locally',
    );
  const url = new URL(UNSUBSCRIBE_PATH.slice(1), base.endsWith('/') ? base : `${base}/`);
  url.searchParams.set('token', signUnsubscribeToken({ customerId, channel }, deps.unsubscribeKey));
  return url.href;
}
