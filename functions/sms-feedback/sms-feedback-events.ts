import { createHash } from 'node:crypto';
import type { DeliveryEventName } from '../../workflows/contracts/delivery-events.ts';
import { CONTEXT_KEYS } from '../commons/channels/sms/sms-request.ts';
import { sendKey } from '../commons/dynamo/keys.ts';
import type { InboundSms, SmsEventRecord } from './sms-notifications.ts';

/** The customer event a notification becomes, in the shape POST /events takes. */
export interface SmsFeedbackEvent {
  readonly eventId: string;
  readonly customerId: string;
  readonly name: string;
  readonly at: string;
  readonly properties: Record<string, unknown>;
}

/**
 * The replies that opt out, and back in: End User Messaging SMS's required opt-out keywords
 * (User Guide, "Required opt-out keywords") with STOPALL and common words of other languages, and
 * the opt-in keywords it documents.
 */
export const OPT_OUT_KEYWORDS: ReadonlySet<string> = new Set([
  'ARRET',
  'BAJA',
  'CANCEL',
  'END',
  'OPT-OUT',
  'OPTOUT',
  'PARAR',
  'QUIT',
  'REMOVE',
  'STOP',
  'STOPALL',
  'STOPP',
  'TD',
  'UNSUBSCRIBE',
]);
export const OPT_IN_KEYWORDS: ReadonlySet<string> = new Set(['START', 'UNSTOP']);

/** Opt-out words of languages written without spaces: a reply that begins with one opts out. */
const OPT_OUT_PREFIXES = ['退订', '退訂'] as const;

/** Statuses that say a message reached the handset (TEXT_SUCCESSFUL only when final). */
export const SMS_DELIVERED_EVENT_TYPES = ['TEXT_DELIVERED', 'TEXT_SUCCESSFUL'] as const;

/** Final statuses of a message that did not reach the handset (User Guide, "Event types for SMS"). */
export const SMS_FAILED_EVENT_TYPES = [
  'TEXT_BLOCKED',
  'TEXT_TTL_EXPIRED',
  'TEXT_CARRIER_UNREACHABLE',
  'TEXT_INVALID',
  'TEXT_INVALID_MESSAGE',
  'TEXT_CARRIER_BLOCKED',
  'TEXT_UNREACHABLE',
  'TEXT_SPAM',
  'TEXT_UNKNOWN',
  'TEXT_PROTECT_BLOCKED',
] as const;
const FAILED: ReadonlySet<string> = new Set(SMS_FAILED_EVENT_TYPES);

/** Full-width letters as ASCII, accents dropped, upper case, and no spaces or punctuation around. */
function normalized(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .normalize('NFKC')
    .toUpperCase()
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '');
}

/**
 * What a reply asks for: to stop SMS, to have them again, or neither. Opting out is read broadly
 * (a reply that begins with an opt-out word, or AWS's keyword); opting back in only from a reply
 * that is the keyword and nothing else, so "Start date of the sale?" consents to nothing. AWS's
 * `messageKeyword` is not trusted for that: its documented example names JOIN for the body EXAMPLE.
 */
export function replyIntent(
  reply: Pick<InboundSms, 'messageKeyword' | 'messageBody'>,
): 'opt_out' | 'opt_in' | undefined {
  const body = normalized(reply.messageBody);
  const firstWord = normalized(body.split(/\s+/)[0] ?? '');
  if (
    [normalized(reply.messageKeyword ?? ''), firstWord].some((word) => OPT_OUT_KEYWORDS.has(word)) ||
    OPT_OUT_PREFIXES.some((prefix) => body.startsWith(prefix))
  )
    return 'opt_out';
  return OPT_IN_KEYWORDS.has(body) ? 'opt_in' : undefined;
}

/**
 * A provider's message id as part of an event id: a digest, since the id may hold "+" or "=" or
 * run to 128 characters, which event ids do not take.
 */
const idDigest = (providerId: string) => createHash('sha256').update(providerId).digest('hex').slice(0, 40);

/**
 * The event a reply makes for one customer with its number: an unsubscribe of SMS, or consent to
 * it again. Its id comes from the reply's, so SNS telling it twice is a duplicate.
 */
export function replyEvent(intent: 'opt_out' | 'opt_in', reply: InboundSms, at: string, customerId: string) {
  const base = { eventId: `sms-reply:${idDigest(reply.inboundMessageId)}`, customerId, at };
  return intent === 'opt_out'
    ? { ...base, name: 'unsubscribe', properties: { channel: 'sms' } }
    : { ...base, name: 'profile_updated', properties: { consent: { sms: true } } };
}

/** The message a delivery event names, as the send step knows it. */
export interface ContextReference {
  readonly customerId: string;
  readonly message: { idempotencyKey: string; journeyId: string; runId: string; stepId: string };
}

/** The message a delivery event is about, from the context it was sent with. */
export function contextReference(
  context: Readonly<Record<string, string>>,
): ContextReference | { readonly problem: string } {
  const idempotencyKey = context[CONTEXT_KEYS.idempotencyKey];
  const journeyId = context[CONTEXT_KEYS.journeyId];
  const runId = context[CONTEXT_KEYS.runId];
  const stepId = context[CONTEXT_KEYS.stepId];
  if (!idempotencyKey || !journeyId || !runId || !stepId)
    return { problem: 'the message context names no journey send' };
  const prefix = `${runId}/${stepId}/`;
  const customerId = idempotencyKey.startsWith(prefix) ? idempotencyKey.slice(prefix.length) : '';
  // Customer ids hold no "/": the key is exactly "<runId>/<stepId>/<customerId>".
  if (!customerId || customerId.includes('/') || sendKey(runId, stepId, customerId) !== idempotencyKey)
    return { problem: 'the idempotency key in the context is not the send key of its run and step' };
  return { customerId, message: { idempotencyKey, journeyId, runId, stepId } };
}

/**
 * The customer event of a configuration set event, or why it has none: a status that is not
 * final, an event not about an SMS, a message not sent by a journey. TEXT_DELIVERED, and a final
 * TEXT_SUCCESSFUL (which some countries send instead), is delivered; a final failure is failed.
 */
export function deliveryEventOf(record: SmsEventRecord): SmsFeedbackEvent | { ignored: string } {
  const name = deliveryNameOf(record);
  if (typeof name !== 'string') return name;
  const reference = contextReference(record.context);
  if ('problem' in reference) return { ignored: reference.problem };
  return {
    eventId: `sms:${idDigest(record.messageId)}:${name}`,
    customerId: reference.customerId,
    name,
    at: new Date(record.eventTimestamp).toISOString(),
    properties: {
      ...reference.message,
      ...(name === 'sms_failed' ? { reason: record.eventType.replace(/^TEXT_/, '') } : {}),
    },
  };
}

function deliveryNameOf(record: SmsEventRecord): DeliveryEventName | { ignored: string } {
  const { eventType, isFinal } = record;
  if (eventType === 'TEXT_DELIVERED' || (eventType === 'TEXT_SUCCESSFUL' && isFinal === true))
    return 'sms_delivered';
  if (FAILED.has(eventType))
    return isFinal === false ? { ignored: `a ${eventType} that is not final` } : 'sms_failed';
  return { ignored: `a ${eventType} event is not counted` };
}
