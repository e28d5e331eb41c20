import type { DeliveryEventName } from '../../workflows/contracts/delivery-events.ts';
import { assertUnreachable } from '../../workflows/language/journey-graph.ts';
import { messageReference } from './message-reference.ts';
import type { SesEvent } from './ses-event.ts';

/** The customer event an SES event becomes, in the shape POST /events takes. */
export interface FeedbackEvent {
  readonly eventId: string;
  readonly customerId: string;
  readonly name: DeliveryEventName;
  readonly at: string;
  readonly properties: Record<string, string>;
}

/** Longer links are left out of a click: the event keeps that a link was clicked. */
const MAX_LINK = 2048;

/**
 * The id of the event SES tells about one message: the same for every time it is told (EventBridge
 * may deliver an event twice), so the events API takes the second for a duplicate.
 */
export const feedbackEventId = (messageId: string, name: DeliveryEventName) => `ses:${messageId}:${name}`;

/**
 * The customer event of an SES event, or why it has none: an event type the funnel does not
 * count, a complaint the reporter marks "not-spam", or a message that is not one of ours.
 */
export function feedbackEventOf(ses: SesEvent): FeedbackEvent | { ignored: string } {
  const { detail } = ses;
  const reference = messageReference(detail.mail.tags);
  if ('problem' in reference) return { ignored: reference.problem };
  const { customerId, ...message } = reference;
  const event = (name: DeliveryEventName, at: string, extra: Record<string, string> = {}): FeedbackEvent => ({
    eventId: feedbackEventId(detail.mail.messageId, name),
    customerId,
    name,
    at,
    properties: { ...message, ...extra },
  });
  switch (detail.eventType) {
    case 'Delivery':
      return event('email_delivered', detail.delivery.timestamp);
    case 'Bounce':
      return event('email_bounced', detail.bounce.timestamp, {
        // Undetermined is not proof the address is gone: only a permanent bounce suppresses it.
        bounceType: detail.bounce.bounceType === 'Permanent' ? 'hard' : 'soft',
      });
    case 'Complaint':
      if (detail.complaint.complaintFeedbackType === 'not-spam')
        return { ignored: 'the complaint report says the message is not spam' };
      return event('email_complained', detail.complaint.timestamp);
    case 'Open':
      return event('email_opened', detail.open.timestamp);
    case 'Click': {
      const link = detail.click.link;
      return event('email_clicked', detail.click.timestamp, link && link.length <= MAX_LINK ? { link } : {});
    }
    case 'Send':
    case 'Reject':
    case 'Rendering Failure':
    case 'DeliveryDelay':
    case 'Subscription':
      return { ignored: `a ${detail.eventType} event is not counted` };
  }
  return assertUnreachable(detail);
}
