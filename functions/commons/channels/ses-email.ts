import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { type BackoffPolicy, sleep, withBackoff } from '../util/backoff.ts';
import { mapLimit } from '../util/concurrency.ts';
import type { ChannelAdapter, DeliveryOutcome, OutgoingMessage } from './channel-adapter.ts';
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

/** Where the adapter says what it rejected: the reason and the step, never the address. */
interface RejectionLog {
  warn(message: string, attributes: Record<string, unknown>): void;
}

export interface SesEmailOptions extends SesSender {
  /** SendEmail calls in flight at once. @default 8 */
  readonly concurrency?: number;
  /** How a throttled message is tried again. @default 4 attempts, 100 ms doubling up to 2 s, full jitter */
  readonly backoff?: BackoffPolicy;
  /** Waits between attempts. @default a timer */
  readonly wait?: (ms: number) => Promise<void>;
  readonly logger?: RejectionLog;
}

/** Keys this instance saw SES accept, so a batch retried in the same container sends none twice. */
const REMEMBERED_KEYS = 100_000;

/**
 * Email through Amazon SES v2, the same in Lambda and locally (against aws-ses-v2-local): one
 * SendEmail per message. A throttled message is retried with backoff; when its tries run out the
 * batch throws, for the caller to retry. A permanent rejection is an outcome, never retried.
 */
export class SesEmailAdapter implements ChannelAdapter {
  readonly #accepted = new Map<string, string | undefined>();

  constructor(
    private readonly client: SESv2Client,
    private readonly options: SesEmailOptions,
  ) {}

  deliver(messages: readonly OutgoingMessage[]): Promise<DeliveryOutcome[]> {
    // SendBulkEmail sends only templates stored in SES; these messages are rendered already.
    return mapLimit(messages, this.options.concurrency ?? 8, (message) => this.#deliverOne(message));
  }

  async #deliverOne(message: OutgoingMessage): Promise<DeliveryOutcome> {
    const { idempotencyKey } = message;
    if (this.#accepted.has(idempotencyKey))
      return { idempotencyKey, status: 'accepted', providerMessageId: this.#accepted.get(idempotencyKey) };
    const request = sendEmailRequest(message, this.options);
    if ('problem' in request) return this.#rejected(message, request.problem);
    try {
      const output = await withBackoff(
        () => this.client.send(new SendEmailCommand(request.input)),
        isThrottling,
        this.options.backoff ?? { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 },
        this.options.wait ?? sleep,
      );
      this.#remember(idempotencyKey, output.MessageId);
      return { idempotencyKey, status: 'accepted', providerMessageId: output.MessageId };
    } catch (error) {
      if (isPermanentRejection(error)) return this.#rejected(message, String(errorName(error)));
      throw error;
    }
  }

  #rejected(message: OutgoingMessage, reason: string): DeliveryOutcome {
    this.options.logger?.warn('email rejected', {
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
