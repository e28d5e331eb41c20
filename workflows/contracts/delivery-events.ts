import { z } from 'zod';

/**
 * What a provider reports about a message a send step delivered: an email delivered, bounced,
 * complained about, opened or clicked; an SMS delivered or failed; a push handed to APNs or FCM,
 * or refused by them; an in-app message opened. Each names its message, so it joins to its send.
 */
export const DELIVERY_EVENTS = [
  'email_delivered',
  'email_bounced',
  'email_complained',
  'email_opened',
  'email_clicked',
  'sms_delivered',
  'sms_failed',
  'push_delivered',
  'push_failed',
  'in_app_opened',
] as const;
export type DeliveryEventName = (typeof DELIVERY_EVENTS)[number];

/** Reported by the provider on its own: not something the customer did, so not activity. */
export const PROVIDER_ONLY_EVENTS: ReadonlySet<string> = new Set<DeliveryEventName>([
  'email_delivered',
  'email_bounced',
  'sms_delivered',
  'sms_failed',
  'push_delivered',
  'push_failed',
]);

/**
 * The `sms_failed` reason of End User Messaging SMS's TEXT_INVALID: the destination number is not
 * valid, which no later message changes (unlike UNREACHABLE, a phone switched off).
 */
export const SMS_INVALID_NUMBER = 'INVALID';

export const isDeliveryEventName = (name: string): name is DeliveryEventName =>
  (DELIVERY_EVENTS as readonly string[]).includes(name);

const text = (what: string, max: number) =>
  z
    .string({ error: `expected ${what} as a string` })
    .min(1, { error: `expected a non-empty ${what}` })
    .max(max, { error: `expected ${what} of at most ${max} characters` });

/** Which message an event is about: the send's idempotency key, and the journey, run and step that sent it. */
export const MessageReference = {
  idempotencyKey: text('the idempotency key', 300).describe(
    'The idempotency key of the send: "<runId>/<stepId>/<customerId>".',
  ),
  journeyId: text('the journey id', 64),
  runId: text('the run id', 80),
  stepId: text('the step id', 64),
};

/**
 * The key a send step gives the message it sends one customer. It is the format of `sendKey` in
 * functions/commons/dynamo/keys.ts, which this library may not import; a test holds them together.
 */
export const messageKeyOf = (runId: string, stepId: string, customerId: string) =>
  `${runId}/${stepId}/${customerId}`;

/** The shape every event shares, as the customer event schema defines it. */
interface EventBase extends z.ZodRawShape {
  readonly customerId: z.ZodType<string>;
}

/** An event whose reference is not its own customer's message would count in another's funnel. */
function joinsItsSend(ctx: { value: unknown; issues: z.core.$ZodRawIssue[] }) {
  const { customerId, properties } = ctx.value as {
    customerId: string;
    properties: { idempotencyKey: string; runId: string; stepId: string };
  };
  if (properties.idempotencyKey === messageKeyOf(properties.runId, properties.stepId, customerId)) return;
  ctx.issues.push({
    code: 'custom',
    path: ['properties', 'idempotencyKey'],
    message: 'expected the idempotency key of this customer\'s message: "<runId>/<stepId>/<customerId>"',
    input: ctx.value,
  });
}

/** The delivery events' schemas over the customer events' shared fields, for the `CustomerEvent` union. */
export function deliveryEventSchemas<Base extends EventBase>(base: Base) {
  const event = <Name extends DeliveryEventName, Extra extends z.ZodRawShape>(name: Name, extra: Extra) =>
    z
      .strictObject({
        ...base,
        name: z.literal(name),
        properties: z.strictObject({ ...MessageReference, ...extra }),
      })
      .check(joinsItsSend);
  return [
    event('email_delivered', {}),
    event('email_bounced', {
      bounceType: z
        .enum(['hard', 'soft'], { error: 'expected bounceType "hard" (permanent) or "soft" (transient)' })
        .describe('A hard bounce suppresses the address; a soft one does not.'),
    }),
    event('email_complained', {}),
    event('email_opened', {}),
    event('email_clicked', { link: text('the link', 2048).optional() }),
    event('sms_delivered', {}),
    event('sms_failed', {
      reason: text('the failure reason', 200)
        .optional()
        .describe(
          'What the carrier reported, such as "UNREACHABLE" or "CARRIER_BLOCKED"; "INVALID" suppresses the number.',
        ),
    }),
    event('push_delivered', {}),
    event('push_failed', {
      reason: text('the failure reason', 200)
        .optional()
        .describe(
          'What APNs or FCM answered SNS, such as "InvalidToken" or "UNREGISTERED", or its status code.',
        ),
    }),
    event('in_app_opened', {}),
  ] as const;
}
