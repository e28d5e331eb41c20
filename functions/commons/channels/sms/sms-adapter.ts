import { type PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type {
  ChannelAdapter,
  DeliveryContext,
  DeliveryOutcome,
  OutgoingMessage,
} from '../channel-adapter.ts';
import { MessageCalls, type ProviderCallOptions } from '../provider-calls.ts';
import { type SmsSender, sendTextMessageRequest } from './sms-request.ts';

/** End User Messaging SMS's answer that the number replied STOP (or was added to the opt-out list). */
export const OPTED_OUT = 'DESTINATION_PHONE_NUMBER_OPTED_OUT';

/**
 * Answers about this one message that no retry changes: a number opted out, blocked or not
 * verified (ConflictException), a number or body the service refuses (ValidationException), a
 * configuration it cannot find, a spend limit reached. They are recorded, never retried.
 */
const PERMANENT = new Set([
  'ConflictException',
  'ValidationException',
  'ResourceNotFoundException',
  'ServiceQuotaExceededException',
]);

interface ServiceError {
  readonly name?: unknown;
  readonly Reason?: unknown;
}

const errorName = (error: unknown) => String((error as ServiceError | undefined)?.name);
const reasonOf = (error: unknown) => (error as ServiceError | undefined)?.Reason;

export const isThrottling = (error: unknown) => errorName(error) === 'ThrottlingException';

export interface SmsAdapterOptions extends SmsSender, ProviderCallOptions {}

/**
 * SMS through AWS End User Messaging SMS: one SendTextMessage per message. Throttling is retried
 * with backoff, then the batch throws for the caller to retry. A permanent refusal is a rejected
 * outcome; an opted-out number's says so, for the send step to unsubscribe the customer.
 * SendTextMessage takes no idempotency token: the key travels in the message's context, and
 * each accepted message is marked (MessageCalls), so no container sends it again.
 */
export class SmsAdapter implements ChannelAdapter {
  readonly #calls: MessageCalls;

  constructor(
    private readonly client: PinpointSMSVoiceV2Client,
    private readonly options: SmsAdapterOptions,
  ) {
    this.#calls = new MessageCalls(options, isThrottling);
  }

  deliver(messages: readonly OutgoingMessage[], context?: DeliveryContext): Promise<DeliveryOutcome[]> {
    return this.#calls.deliver(messages, (message) => this.#deliverOne(message), context);
  }

  async #deliverOne(message: OutgoingMessage): Promise<DeliveryOutcome> {
    const { idempotencyKey } = message;
    const request = sendTextMessageRequest(message, this.options);
    if ('problem' in request) return this.#rejected(message, request.problem);
    try {
      const output = await this.#calls.send(() =>
        this.client.send(new SendTextMessageCommand(request.input)),
      );
      return { idempotencyKey, status: 'accepted', providerMessageId: output.MessageId };
    } catch (error) {
      if (!PERMANENT.has(errorName(error))) throw error;
      const reason = reasonOf(error);
      if (reason === OPTED_OUT) return { ...this.#rejected(message, OPTED_OUT), optedOut: true };
      return this.#rejected(
        message,
        typeof reason === 'string' ? `${errorName(error)}: ${reason}` : errorName(error),
      );
    }
  }

  #rejected(message: OutgoingMessage, reason: string): DeliveryOutcome {
    return this.#calls.rejected(message, 'sms rejected', reason);
  }
}
