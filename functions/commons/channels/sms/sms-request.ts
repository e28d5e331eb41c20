import type { SendTextMessageCommandInput } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { RuntimeConfig } from '../../runtime/config.ts';
import type { OutgoingMessage } from '../channel-adapter.ts';

/** Where SMS go out from and how End User Messaging SMS sends them. */
export interface SmsSender {
  /** A phone number, pool or sender ID (its id or ARN): a pool's opt-out list is the one checked. */
  readonly originationIdentity: string;
  /** The configuration set whose event destination publishes the delivery receipts. */
  readonly configurationSet?: string;
  readonly messageType: 'TRANSACTIONAL' | 'PROMOTIONAL';
}

/** The sender the configuration names, or undefined where SMS has no origination identity (it then goes to the outbox). */
export function smsSenderOf(
  config: Pick<RuntimeConfig, 'SMS_ORIGINATION_IDENTITY' | 'SMS_CONFIGURATION_SET' | 'SMS_MESSAGE_TYPE'>,
): SmsSender | undefined {
  if (!config.SMS_ORIGINATION_IDENTITY) return undefined;
  return {
    originationIdentity: config.SMS_ORIGINATION_IDENTITY,
    ...(config.SMS_CONFIGURATION_SET ? { configurationSet: config.SMS_CONFIGURATION_SET } : {}),
    messageType: config.SMS_MESSAGE_TYPE,
  };
}

/**
 * The keys of the message's context, which the configuration set's event destination publishes
 * with every event about it: the delivery receipts name the message they are about.
 */
export const CONTEXT_KEYS = {
  idempotencyKey: 'idempotencyKey',
  journeyId: 'journeyId',
  runId: 'runId',
  stepId: 'stepId',
} as const;

/** SendTextMessage takes a body of at most 1,600 characters (API reference, MessageBody). */
export const MAX_BODY_CHARACTERS = 1600;
/** A context value: 1 to 800 characters, neither starting nor ending with white space. */
const CONTEXT_VALUE = /^(?!\s)[\s\S]{1,800}(?<!\s)$/;

/** The context of one SMS: its idempotency key and the journey, run and step that sent it. */
export function messageContext(
  message: Pick<OutgoingMessage, 'idempotencyKey' | 'journeyId' | 'runId' | 'stepId'>,
): Record<string, string> {
  const context = {
    [CONTEXT_KEYS.idempotencyKey]: message.idempotencyKey,
    [CONTEXT_KEYS.journeyId]: message.journeyId,
    [CONTEXT_KEYS.runId]: message.runId,
    [CONTEXT_KEYS.stepId]: message.stepId,
  };
  for (const [key, value] of Object.entries(context))
    if (!CONTEXT_VALUE.test(value))
      throw new Error(
        `the SMS context ${key} cannot be sent: expected 1 to 800 characters, not starting or ending with a space`,
      );
  return context;
}

/**
 * The SendTextMessage request of one message: to the customer's E.164 number, from the
 * origination identity, as the configured message type, through the configuration set, with
 * the idempotency key in its context. A message that must not go is answered with why instead.
 */
export function sendTextMessageRequest(
  message: OutgoingMessage,
  sender: SmsSender,
): { input: SendTextMessageCommandInput } | { problem: string } {
  if (message.channel !== 'sms') return { problem: `a ${message.channel} message is not an SMS` };
  if (!message.to) return { problem: 'the message has no phone number' };
  if (message.body.trim() === '') return { problem: 'the SMS body is empty' };
  const characters = [...message.body].length;
  if (characters > MAX_BODY_CHARACTERS)
    return {
      problem: `the SMS body has ${characters} characters; End User Messaging SMS sends at most ${MAX_BODY_CHARACTERS}`,
    };
  return {
    input: {
      DestinationPhoneNumber: message.to,
      OriginationIdentity: sender.originationIdentity,
      MessageBody: message.body,
      MessageType: sender.messageType,
      ...(sender.configurationSet ? { ConfigurationSetName: sender.configurationSet } : {}),
      Context: messageContext(message),
    },
  };
}
