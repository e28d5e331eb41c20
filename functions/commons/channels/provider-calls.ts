import type { DeliveryMark } from '../stores/delivery-marks.ts';
import { type BackoffPolicy, sleep, withBackoff } from '../util/backoff.ts';
import { mapLimit } from '../util/concurrency.ts';
import type { DeliveryContext, DeliveryOutcome, OutgoingMessage } from './channel-adapter.ts';

/** Where an adapter says what it rejected: the reason and the step, never the address or token. */
export interface RejectionLog {
  warn(message: string, attributes: Record<string, unknown>): void;
}

/** How a provider adapter calls its provider. */
export interface ProviderCallOptions {
  /** Provider calls in flight at once. @default the adapter's own: 8 for SES and SMS, 16 for push */
  readonly concurrency?: number;
  /** How a throttled call is tried again. @default 4 attempts, 100 ms doubling up to 2 s, full jitter */
  readonly backoff?: BackoffPolicy;
  /** Waits between attempts. @default a timer */
  readonly wait?: (ms: number) => Promise<void>;
  readonly logger?: RejectionLog;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 };

/** Calls the provider, again after a backoff while it answers "slow down"; then its last answer is thrown. */
export function retryingThrottled<T>(
  call: () => Promise<T>,
  isThrottling: (error: unknown) => boolean,
  options: Pick<ProviderCallOptions, 'backoff' | 'wait'>,
): Promise<T> {
  return withBackoff(call, isThrottling, options.backoff ?? DEFAULT_BACKOFF, options.wait ?? sleep);
}

/** Results this container remembers by key; the oldest is forgotten past this many. */
const REMEMBERED_KEYS = 100_000;

/** What a provider adapter decides once: how it throttles, its concurrency, and which results it keeps. */
export interface ProviderCallPolicy<Result> {
  readonly isThrottling: (error: unknown) => boolean;
  readonly defaultConcurrency: number;
  /** Whether the provider took the call: such a result is marked, and never called for again. */
  readonly accepted: (result: Result) => boolean;
  /** Results worth remembering in the container, so a retried batch does not call again. @default the accepted */
  readonly remember?: (result: Result) => boolean;
}

/** One provider call of a delivery: its key, the message's idempotency key and customer. */
export interface ProviderCall extends DeliveryMark {
  readonly idempotencyKey: string;
}

/**
 * The calls of one provider adapter: at most `concurrency` in flight, throttling retried with
 * backoff, and each call made once. Providers that take no idempotency token (SES, SMS, SNS)
 * would otherwise send a retried batch's messages twice: an accepted call is remembered in the
 * container, and marked in the state table (the delivery context's marks) before its result is
 * returned, so a batch retried in another container skips it too.
 */
export class ProviderCalls<Result> {
  readonly #remembered = new Map<string, Result>();

  constructor(
    private readonly options: ProviderCallOptions,
    private readonly policy: ProviderCallPolicy<Result>,
  ) {}

  /** Runs `work` over the items, `concurrency` at a time, keeping their order. */
  map<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
    return mapLimit(items, this.options.concurrency ?? this.policy.defaultConcurrency, work);
  }

  /**
   * Each item's result: remembered here, `delivered(item)` for a call some container marked (only
   * the calls of redelivered messages are looked up, in one read), or `call`'s.
   */
  async once<T>(
    items: readonly T[],
    callOf: (item: T) => ProviderCall,
    call: (item: T) => Promise<Result>,
    delivered: (item: T) => Result,
    context: DeliveryContext = {},
  ): Promise<Result[]> {
    const { marks, redeliveries } = context;
    const lookups = items
      .map(callOf)
      .filter((entry) => !this.#remembered.has(entry.key) && redeliveries?.has(entry.idempotencyKey));
    const marked = marks && lookups.length > 0 ? await marks.marked(lookups) : new Set<string>();
    return this.map(items, async (item) => {
      const { key, customerId } = callOf(item);
      const known = this.#remembered.get(key);
      if (known !== undefined) return known;
      if (marked.has(key)) return delivered(item);
      const result = await call(item);
      if (this.policy.remember?.(result) ?? this.policy.accepted(result)) this.#remember(key, result);
      if (this.policy.accepted(result)) await marks?.mark({ customerId, key });
      return result;
    });
  }

  /** One provider request, tried again after a backoff while the provider throttles. */
  send<T>(request: () => Promise<T>): Promise<T> {
    return retryingThrottled(request, this.policy.isThrottling, this.options);
  }

  warn(message: string, attributes: Record<string, unknown>): void {
    this.options.logger?.warn(message, attributes);
  }

  #remember(key: string, result: Result): void {
    this.#remembered.set(key, result);
    if (this.#remembered.size > REMEMBERED_KEYS) {
      const oldest = this.#remembered.keys().next().value;
      if (oldest !== undefined) this.#remembered.delete(oldest);
    }
  }
}

/** The provider call of a whole message: its idempotency key. */
export const messageCall = (message: { idempotencyKey: string; customerId: string }): ProviderCall => ({
  idempotencyKey: message.idempotencyKey,
  customerId: message.customerId,
  key: message.idempotencyKey,
});

/**
 * The calls of an adapter that makes one provider call per message (SES, SMS, webhooks). Only an
 * accepted outcome is remembered and marked: a rejection is recorded by the send step, not resent.
 */
export class MessageCalls extends ProviderCalls<DeliveryOutcome> {
  constructor(options: ProviderCallOptions, isThrottling: (error: unknown) => boolean) {
    super(options, {
      isThrottling,
      defaultConcurrency: 8,
      accepted: (outcome) => outcome.status === 'accepted',
    });
  }

  /** Each message's outcome: `deliverOne`'s, or accepted for a message some container already sent. */
  deliver(
    messages: readonly OutgoingMessage[],
    deliverOne: (message: OutgoingMessage) => Promise<DeliveryOutcome>,
    context?: DeliveryContext,
  ): Promise<DeliveryOutcome[]> {
    return this.once(
      messages,
      messageCall,
      deliverOne,
      ({ idempotencyKey }) => ({ idempotencyKey, status: 'accepted' }),
      context,
    );
  }

  /** The message rejected for `reason`, logged with its journey and step (never its address or body). */
  rejected(
    message: OutgoingMessage,
    log: string,
    reason: string,
    attributes: Record<string, unknown> = {},
  ): DeliveryOutcome {
    this.warn(log, { reason, journeyId: message.journeyId, stepId: message.stepId, ...attributes });
    return { idempotencyKey: message.idempotencyKey, status: 'rejected', reason };
  }
}
