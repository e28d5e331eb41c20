import { type PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { type BackoffPolicy, sleep, withBackoff } from '../../util/backoff.ts';
import { mapLimit } from '../../util/concurrency.ts';
import type { ChannelAdapter, DeliveryOutcome, OutgoingMessage } from '../channel-adapter.ts';
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

/** Where the adapter says what it rejected: the reason and the step, never the number. */
interface RejectionLog {
  warn(message: string, attributes: Record<string, unknown>): void;
}

export interface SmsAdapterOptions extends SmsSender {
  /** SendTextMessage calls in flight at once. @default 8 */
  readonly concurrency?: number;
  /** How a throttled message is tried again. @default 4 attempts, 100 ms doubling up to 2 s, full jitter */
  readonly backoff?: BackoffPolicy;
  /** Waits between attempts. @default a timer */
  readonly wait?: (ms: number) => Promise<void>;
  readonly logger?: RejectionLog;
}

/** Keys this instance saw accepted, so a batch retried in the same container sends none twice. */
const REMEMBERED_KEYS = 100_000;

/**
 * SMS through AWS End User Messaging SMS: one SendTextMessage per message. Throttling is retried
 * with backoff, then the batch throws for the caller to retry. A permanent refusal is a rejected
 * outcome; an opted-out number's says so, for the send step to unsubscribe the customer.
 * SendTextMessage takes no idempotency token: the key travels in the message's context.
 */
export class SmsAdapter implements ChannelAdapter {
  readonly #accepted = new Map<string, string | undefined>();

  constructor(
    private readonly client: PinpointSMSVoiceV2Client,
    private readonly options: SmsAdapterOptions,
  ) {}

  deliver(messages: readonly OutgoingMessage[]): Promise<DeliveryOutcome[]> {
    return mapLimit(messages, this.options.concurrency ?? 8, (message) => this.#deliverOne(message));
  }

  async #deliverOne(message: OutgoingMessage): Promise<DeliveryOutcome> {
    const { idempotencyKey } = message;
    if (this.#accepted.has(idempotencyKey))
      return { idempotencyKey, status: 'accepted', providerMessageId: this.#accepted.get(idempotencyKey) };
    const request = sendTextMessageRequest(message, this.options);
    if ('problem' in request) return this.#rejected(message, request.problem);
    try {
      const output = await withBackoff(
        () => this.client.send(new SendTextMessageCommand(request.input)),
        isThrottling,
        this.options.backoff ?? { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 },
        this.options.wait ?? sleep,
      );
      this.#remember(idempotencyKey, output.MessageId);
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
    this.options.logger?.warn('sms rejected', {
      reason,
      journeyId: message.journeyId,
      stepId: message.stepId,
    });
    return { idempotencyKey: message.idempotencyKey, status: 'rejected', reason };
  }

  #remember(key: string, messageId: string | undefined): void {
    this.#accepted.set(key, messageId);
    if (this.#accepted.size > REMEMBERED_KEYS) {
      const oldest = this.#accepted.keys().next().value;
      if (oldest !== undefined) this.#accepted.delete(oldest);
    }
  }
}
