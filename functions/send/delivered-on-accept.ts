import type { Channel } from '../../workflows/schema/index.ts';

/**
 * Channels whose provider's acceptance is the delivery itself: a webhook receiver's 2xx, the
 * inbox's write. No delivery event follows, so what counts as sent counts as delivered too.
 */
const DELIVERED_ON_ACCEPT: ReadonlySet<Channel> = new Set(['webhook', 'in_app']);

/** A send step's counts with `delivered` beside `sent` on a channel whose acceptance is the delivery. */
export function withDeliveredOnAccept(
  channel: Channel,
  counts: Readonly<Record<string, number>>,
): Record<string, number> {
  if (!DELIVERED_ON_ACCEPT.has(channel) || !counts.sent) return { ...counts };
  return { ...counts, delivered: counts.sent };
}
