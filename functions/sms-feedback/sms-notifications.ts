import { z } from 'zod';
import { PhoneNumber } from '../../workflows/contracts/customer.ts';

/**
 * What End User Messaging SMS publishes to SNS, as its user guide gives it: the two-way SMS
 * replies of the origination identity's topic ("Example of a two-way SMS message payload for
 * Amazon SNS topics"), and the configuration set's event destination records ("Example event
 * data"). Only the fields the feedback needs are checked; the rest pass untouched.
 */

const MessageId = z
  .string({ error: 'expected the message id as a string' })
  .regex(/^[\w.:/+=-]{1,128}$/, { error: 'expected a message id of letters, digits and _ . : / + = -' });

/** A reply a customer sent to the origination identity. */
export const InboundSms = z.looseObject({
  /** The customer's number. */
  originationNumber: PhoneNumber,
  /** Our number, which the customer replied to. */
  destinationNumber: z.string({ error: 'expected destinationNumber as a string' }),
  messageKeyword: z.string().optional(),
  messageBody: z.string({ error: 'expected messageBody as a string' }),
  inboundMessageId: MessageId,
  previousPublishedMessageId: z.string().optional(),
});
export type InboundSms = z.infer<typeof InboundSms>;

/** A configuration set event about a message we sent, with the context it was sent with. */
export const SmsEventRecord = z.looseObject({
  eventType: z
    .string({ error: 'expected eventType as a string, such as "TEXT_DELIVERED"' })
    .regex(/^[A-Z_]{1,64}$/, { error: 'expected an eventType such as "TEXT_DELIVERED"' }),
  eventVersion: z.string().optional(),
  /** When the event was reported, in epoch milliseconds. */
  eventTimestamp: z.number({ error: 'expected eventTimestamp in epoch milliseconds' }).int().positive(),
  /** Whether this is the message's last status; earlier ones may follow for up to 72 hours. */
  isFinal: z.boolean().optional(),
  messageId: MessageId,
  messageStatus: z.string().optional(),
  totalMessageParts: z.number().int().nonnegative().optional(),
  /** The context SendTextMessage was given. */
  context: z.record(z.string(), z.string()).default({}),
});
export type SmsEventRecord = z.infer<typeof SmsEventRecord>;

/** One SNS notification as Lambda receives it, its message still JSON text. */
export const SnsRecord = z.looseObject({
  EventSource: z.literal('aws:sns', { error: 'expected EventSource "aws:sns"' }),
  Sns: z.looseObject({
    MessageId: z.string(),
    TopicArn: z.string(),
    Timestamp: z.iso.datetime({ offset: true, error: 'expected the SNS Timestamp in ISO 8601' }),
    Message: z.string({ error: 'expected the SNS Message as text' }),
  }),
});
export type SnsRecord = z.infer<typeof SnsRecord>;

/** What one SNS message is: a reply, a delivery event, or neither (with why). */
export type SmsNotification =
  | { readonly kind: 'inbound'; readonly reply: InboundSms; readonly at: string }
  | { readonly kind: 'event'; readonly record: SmsEventRecord }
  | { readonly kind: 'malformed'; readonly problems: { path: string; message: string }[] };

/** Tells the two payloads apart by their own fields, and checks the one it is. */
export function notificationOf(record: SnsRecord): SmsNotification {
  let message: unknown;
  try {
    message = JSON.parse(record.Sns.Message);
  } catch {
    return { kind: 'malformed', problems: [{ path: 'Sns.Message', message: 'expected JSON text' }] };
  }
  const isEvent = typeof (message as { eventType?: unknown } | null)?.eventType === 'string';
  const parsed = isEvent ? SmsEventRecord.safeParse(message) : InboundSms.safeParse(message);
  if (!parsed.success)
    return {
      kind: 'malformed',
      // Paths and expectations only: the message holds numbers and what the customer wrote.
      problems: parsed.error.issues.map((issue) => ({
        path: ['Sns', 'Message', ...issue.path].join('.'),
        message: issue.message,
      })),
    };
  return isEvent
    ? { kind: 'event', record: parsed.data as SmsEventRecord }
    : { kind: 'inbound', reply: parsed.data as InboundSms, at: record.Sns.Timestamp };
}
