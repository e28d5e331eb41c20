import { readFileSync } from 'node:fs';
import { messageTags } from '../../../functions/commons/channels/message-tag.ts';
import { sendKey } from '../../../functions/commons/dynamo/keys.ts';

/** The SES events of test/events/ses/, as a configuration set's EventBridge destination publishes them. */
export const SES_FIXTURES = [
  'delivery',
  'bounce-hard',
  'bounce-soft',
  'complaint',
  'open',
  'click',
  'send',
] as const;
export type SesFixture = (typeof SES_FIXTURES)[number];

export type SesEventJson = Record<string, unknown> & {
  'detail-type': string;
  detail: Record<string, unknown> & {
    eventType: string;
    mail: { messageId: string; tags: Record<string, string[]> };
  };
};

const FIXTURES = Object.fromEntries(
  SES_FIXTURES.map((name) => [
    name,
    JSON.parse(
      readFileSync(new URL(`../../events/ses/${name}.json`, import.meta.url), 'utf8'),
    ) as SesEventJson,
  ]),
) as Record<SesFixture, SesEventJson>;

/** The message the fixtures are about: their tags name this run, step and customer. */
export const FIXTURE_MESSAGE = {
  journeyId: 'cart-nudge',
  runId: 'cart-nudge-202706110300',
  stepId: 'send-cart-coupon',
  customerId: 'cust-ses',
} as const;

/** Which of our messages an SES event is to be about. */
export interface TaggedMessage {
  readonly journeyId: string;
  readonly runId: string;
  readonly stepId: string;
  readonly customerId: string;
  /** SES's id of the message. @default the fixture's */
  readonly messageId?: string;
}

/** A copy of a fixture, about `message`: its tags as the send gave them, and SES's message id. */
export function sesEvent(name: SesFixture, message: TaggedMessage = FIXTURE_MESSAGE): SesEventJson {
  const copy = structuredClone(FIXTURES[name]);
  const own = messageTags({
    ...message,
    idempotencyKey: sendKey(message.runId, message.stepId, message.customerId),
  });
  const sesTags = Object.fromEntries(
    Object.entries(copy.detail.mail.tags).filter(([tag]) => tag.startsWith('ses:')),
  );
  copy.detail.mail.tags = { ...sesTags, ...Object.fromEntries(own.map((tag) => [tag.Name, [tag.Value]])) };
  if (message.messageId) copy.detail.mail.messageId = message.messageId;
  return copy;
}

/** The time of the event object of a fixture (delivery, bounce, ...), which the customer event takes. */
export function eventTimeOf(event: SesEventJson): string {
  const key = event.detail.eventType.charAt(0).toLowerCase() + event.detail.eventType.slice(1);
  return (event.detail[key] as { timestamp: string }).timestamp;
}

/** The event happened at `at`: the time of its event object (delivery, bounce, ...) and its envelope. */
export function happenedAt(event: SesEventJson, at: number): SesEventJson {
  const key = event.detail.eventType.charAt(0).toLowerCase() + event.detail.eventType.slice(1);
  (event.detail[key] as { timestamp: string }).timestamp = new Date(at).toISOString();
  event.time = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
  return event;
}
