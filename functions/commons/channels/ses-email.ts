import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { ChannelAdapter, DeliveryContext, DeliveryOutcome, OutgoingMessage } from './channel-adapter.ts';
import { MessageCalls, type ProviderCallOptions } from './provider-calls.ts';
import { type SesSender, sendEmailRequest } from './ses-request.ts';

/** SES's answers that say "slow down": worth another try after a wait. */
const THROTTLING = new Set([
  'TooManyRequestsException',
  'Throttling',
  'ThrottlingException',
  'LimitExceededException',
]);

/** SES's answers that no retry can change: the message is rejected and recorded so. */
const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'BadRequestException',
  'AccountSuspendedException',
  'SendingPausedException',
  'NotFoundException',
]);

const errorName = (error: unknown) => (error as { name?: unknown })?.name;

export const isThrottling = (error: unknown) => THROTTLING.has(String(errorName(error)));
export const isPermanentRejection = (error: unknown) => PERMANENT.has(String(errorName(error)));

export interface SesEmailOptions extends SesSender, ProviderCallOptions {}

/**
 * Email through Amazon SES v2, the same in Lambda and locally (against aws-ses-v2-local): one
 * SendEmail per message. A throttled message is retried with backoff; when its tries run out the
 * batch throws, for the caller to retry. A permanent rejection is an outcome, never retried.
 */
export class SesEmailAdapter implements ChannelAdapter {
  readonly #calls: MessageCalls;

  constructor(
    private readonly client: SESv2Client,
    private readonly options: SesEmailOptions,
  ) {
    this.#calls = new MessageCalls(options, isThrottling);
  }

  deliver(messages: readonly OutgoingMessage[], context?: DeliveryContext): Promise<DeliveryOutcome[]> {
    // SendBulkEmail sends only templates stored in SES; these messages are rendered already.
    return this.#calls.deliver(messages, (message) => this.#deliverOne(message), context);
  }

  async #deliverOne(message: OutgoingMessage): Promise<DeliveryOutcome> {
    const { idempotencyKey } = message;
    const request = sendEmailRequest(message, this.options);
    if ('problem' in request) return this.#rejected(message, request.problem);
    try {
      const output = await this.#calls.send(() => this.client.send(new SendEmailCommand(request.input)));
      return { idempotencyKey, status: 'accepted', providerMessageId: output.MessageId };
    } catch (error) {
      if (isPermanentRejection(error)) return this.#rejected(message, String(errorName(error)));
      throw error;
    }
  }

  #rejected(message: OutgoingMessage, reason: string): DeliveryOutcome {
    return this.#calls.rejected(message, 'email rejected', reason);
  }
}
