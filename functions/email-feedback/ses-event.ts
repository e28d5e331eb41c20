import { z } from 'zod';

/**
 * The SES events a configuration set's EventBridge destination publishes, as the SES developer
 * guide gives them: an EventBridge envelope (`source` "aws.ses", a `detail-type` per event type)
 * around the event record (`eventType`, `mail`, and one object for the type). Only the fields
 * the feedback needs are checked; the rest (headers, recipients) are SES's and pass untouched.
 */

/** `detail-type` of each `detail.eventType`. */
export const DETAIL_TYPES = {
  Send: 'Email Sent',
  Delivery: 'Email Delivered',
  Bounce: 'Email Bounced',
  Complaint: 'Email Complaint Received',
  Open: 'Email Opened',
  Click: 'Email Clicked',
  Reject: 'Email Rejected',
  'Rendering Failure': 'Email Rendering Failed',
  DeliveryDelay: 'Email Delivery Delayed',
  Subscription: 'Email Subscribed',
} as const;
export type SesEventType = keyof typeof DETAIL_TYPES;

const IsoTime = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 time such as "2017-08-05T00:41:02.669Z"',
});

const Mail = z.looseObject({
  messageId: z
    .string({ error: 'expected the SES message id as a string' })
    .regex(/^[\w.\-@+]{1,100}$/, { error: 'expected an SES message id of letters, digits and _ . - @ +' }),
  timestamp: IsoTime,
  /** Each tag name with its values; the message's own tags carry its idempotency key. */
  tags: z
    .record(z.string(), z.array(z.string({ error: 'expected a tag value as a string' })), {
      error: 'expected the tags as lists of strings by name',
    })
    .default({}),
});

/** The object of an event type: when it happened, and what else the feedback reads. */
const Happened = z.looseObject({ timestamp: IsoTime });

const recordOf = <Type extends SesEventType, Shape extends z.ZodRawShape>(eventType: Type, shape: Shape) =>
  z.looseObject({ eventType: z.literal(eventType), mail: Mail, ...shape });

const Detail = z.discriminatedUnion(
  'eventType',
  [
    recordOf('Delivery', { delivery: Happened }),
    recordOf('Bounce', {
      bounce: Happened.extend({
        bounceType: z.enum(['Permanent', 'Transient', 'Undetermined'], {
          error: 'expected bounceType "Permanent", "Transient" or "Undetermined"',
        }),
      }),
    }),
    recordOf('Complaint', {
      complaint: Happened.extend({ complaintFeedbackType: z.string().optional() }),
    }),
    recordOf('Open', { open: Happened }),
    recordOf('Click', { click: Happened.extend({ link: z.string().optional() }) }),
    // Events the funnel does not count are still SES's own, and taken as such.
    ...(['Send', 'Reject', 'Rendering Failure', 'DeliveryDelay', 'Subscription'] as const).map((type) =>
      recordOf(type, {}),
    ),
  ],
  { error: `expected detail.eventType to be one of ${Object.keys(DETAIL_TYPES).join(', ')}` },
);

export const SesEvent = z
  .looseObject({
    source: z.literal('aws.ses', { error: 'expected source "aws.ses"' }),
    'detail-type': z.string({ error: 'expected the detail-type as a string' }),
    detail: Detail,
  })
  .check((ctx) => {
    const expected = DETAIL_TYPES[ctx.value.detail.eventType];
    if (ctx.value['detail-type'] === expected) return;
    ctx.issues.push({
      code: 'custom',
      path: ['detail-type'],
      message: `expected "${expected}" for a ${ctx.value.detail.eventType} event`,
      input: ctx.value,
    });
  });
export type SesEvent = z.infer<typeof SesEvent>;
