import { readFileSync } from 'node:fs';
import { sendKey } from '../../../functions/commons/dynamo/keys.ts';

/** The SNS events of test/events/sms/, as Lambda receives End User Messaging SMS's notifications. */
export const SMS_FIXTURES = [
  'inbound-stop',
  'inbound-start',
  'inbound-question',
  'text-delivered',
  'text-successful',
  'text-pending',
  'text-carrier-unreachable',
  'text-blocked',
  'text-invalid',
] as const;
export type SmsFixture = (typeof SMS_FIXTURES)[number];

export interface SnsEventJson {
  Records: { EventSource: string; Sns: { MessageId: string; Message: string; Timestamp: string } }[];
}

const FIXTURES = Object.fromEntries(
  SMS_FIXTURES.map((name) => [
    name,
    JSON.parse(
      readFileSync(new URL(`../../events/sms/${name}.json`, import.meta.url), 'utf8'),
    ) as SnsEventJson,
  ]),
) as Record<SmsFixture, SnsEventJson>;

/** A copy of a fixture whose SNS message is changed by `change` (the message parsed, then written back). */
export function snsEvent(
  name: SmsFixture,
  change: (message: Record<string, unknown>) => void = () => {},
  at?: number,
): SnsEventJson {
  const copy = structuredClone(FIXTURES[name]);
  for (const record of copy.Records) {
    const message = JSON.parse(record.Sns.Message) as Record<string, unknown>;
    change(message);
    if (at !== undefined && typeof message.eventTimestamp === 'number') message.eventTimestamp = at;
    record.Sns.Message = JSON.stringify(message);
    if (at !== undefined) record.Sns.Timestamp = new Date(at).toISOString();
  }
  return copy;
}

/** A reply fixture from `phone`, with its own inbound message id. */
export function replyFrom(
  name: SmsFixture,
  phone: string,
  inboundMessageId: string,
  at?: number,
): SnsEventJson {
  return snsEvent(
    name,
    (message) => {
      message.originationNumber = phone;
      message.inboundMessageId = inboundMessageId;
    },
    at,
  );
}

/** Which of our messages a delivery event is to be about. */
export interface SentSms {
  readonly journeyId: string;
  readonly runId: string;
  readonly stepId: string;
  readonly customerId: string;
  /** End User Messaging SMS's id of the message. */
  readonly messageId: string;
}

/** A delivery event fixture about `sent`: the context it was sent with and its message id. */
export function receiptFor(name: SmsFixture, sent: SentSms, at?: number): SnsEventJson {
  return snsEvent(
    name,
    (message) => {
      message.messageId = sent.messageId;
      message.context = {
        idempotencyKey: sendKey(sent.runId, sent.stepId, sent.customerId),
        journeyId: sent.journeyId,
        runId: sent.runId,
        stepId: sent.stepId,
      };
    },
    at,
  );
}
