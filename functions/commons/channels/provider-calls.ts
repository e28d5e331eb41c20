import { type BackoffPolicy, sleep, withBackoff } from '../util/backoff.ts';
import { mapLimit } from '../util/concurrency.ts';

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
  /** Results worth remembering, so a retried batch does not call again for them. @default every result */
  readonly remember?: (result: Result) => boolean;
}

/**
 * The calls of one provider adapter: at most `concurrency` in flight, throttling retried with
 * backoff, and each key's result remembered in the container. Providers that take no
 * idempotency token (SES, SMS, SNS) would otherwise send a retried batch's messages twice.
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

  /** The result remembered for `key`, or `call`'s, remembered when the policy keeps it. */
  async once(key: string, call: () => Promise<Result>): Promise<Result> {
    const known = this.#remembered.get(key);
    if (known !== undefined) return known;
    const result = await call();
    if (this.policy.remember?.(result) ?? true) this.#remember(key, result);
    return result;
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
