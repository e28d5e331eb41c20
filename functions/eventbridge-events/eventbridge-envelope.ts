import { z } from 'zod';

/** An EventBridge event as a rule delivers it to an SQS queue: the whole event is the message body. */
export const EventBridgeEvent = z.looseObject({
  version: z.string(),
  id: z.string().min(1),
  'detail-type': z.string({ error: 'expected "detail-type" as a string' }),
  source: z.string({ error: 'expected "source" as a string' }),
  time: z.string().optional(),
  detail: z.record(z.string(), z.unknown(), { error: 'expected "detail" as an object' }),
});
export type EventBridgeEvent = z.infer<typeof EventBridgeEvent>;

/** What a detail holds: an event in the events API's format, or a call in Segment's (from Segment's or RudderStack's destination). */
export type DetailShape = 'journeys' | 'segment' | 'unknown';

const SEGMENT_TYPES = new Set(['track', 'identify', 'page', 'screen', 'group', 'alias']);

/**
 * Tells the two shapes apart by their own fields: ours names the event and its id; Segment's has
 * a call type and a message id or user. The detail-type is the sender's to choose, so it decides nothing.
 */
export function detailShape(detail: Readonly<Record<string, unknown>>): DetailShape {
  const has = (key: string) => Object.hasOwn(detail, key);
  if (has('eventId') && has('name') && has('customerId')) return 'journeys';
  const type = has('type') ? detail.type : undefined;
  if (
    typeof type === 'string' &&
    SEGMENT_TYPES.has(type) &&
    (has('messageId') || has('userId') || has('anonymousId'))
  )
    return 'segment';
  return 'unknown';
}
