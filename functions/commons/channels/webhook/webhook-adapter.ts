import { type BackoffPolicy, sleep, withBackoff } from '../../util/backoff.ts';
import type {
  ChannelAdapter,
  DeliveryContext,
  DeliveryOutcome,
  OutgoingMessage,
} from '../channel-adapter.ts';
import { MessageCalls, type RejectionLog } from '../provider-calls.ts';
import { webhookPayload } from './payload.ts';
import { postWebhook } from './post.ts';
import { SIGNATURE_HEADER, signatureHeader } from './signature.ts';
import { isRefusedAddress, type ResolveHost, resolveHost } from './target.ts';

/** The signing secret, read when a call is signed (so a rotated one is picked up). */
export type WebhookSecret = () => Promise<string>;

export interface WebhookOptions {
  readonly secret: WebhookSecret;
  /**
   * Whether a target may resolve to a loopback, link-local, private, unique-local or CGNAT
   * address, and be plain http. Never in AWS; the local engine's receivers are on 127.0.0.1.
   */
  readonly allowPrivateTargets: boolean;
  /** Per try, over the whole exchange. @default 5000 */
  readonly timeoutMs?: number;
  /** How a 5xx, 408, 429, timeout or network error is tried again. @default 3 tries, 250 ms doubling up to 2 s, full jitter */
  readonly backoff?: BackoffPolicy;
  /** Calls in flight at once. @default 8 */
  readonly concurrency?: number;
  /** Waits between tries. @default a timer */
  readonly wait?: (ms: number) => Promise<void>;
  /** The signature's clock, in ms: the receiver's real time, not a journey's simulated one. @default Date.now */
  readonly now?: () => number;
  /** @default node:dns lookup of every address */
  readonly resolve?: ResolveHost;
  /** Where a refusal is told: the reason, the step and the host, never the body. */
  readonly logger?: RejectionLog;
}

/** Answers worth another try: the receiver is failing, slow or asking us to slow down. */
class RetryableAnswer extends Error {
  constructor(readonly status: number) {
    super(`answered ${status}`);
    this.name = 'RetryableAnswer';
  }
}

/** A webhook still failing after its tries: the batch throws it, for the shard task to be retried. */
export class WebhookUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WebhookUnavailableError';
  }
}

const isRetryableStatus = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * Webhooks: one signed POST per message to the URL its template names, the same in Lambda and
 * locally. A 2xx is accepted; a 3xx (never followed) or another 4xx is rejected for good; a 5xx,
 * 408, 429, timeout or network error is tried again with backoff, and when the tries run out the
 * batch throws. Targets are resolved first and refused when private, unless allowed.
 */
export class WebhookAdapter implements ChannelAdapter {
  // A call a receiver accepted is not made again: remembered in the container, and marked for others.
  readonly #calls: MessageCalls;

  constructor(private readonly options: WebhookOptions) {
    // Tries are made by #deliverOne, with the webhook's own backoff: the calls never retry.
    this.#calls = new MessageCalls({ concurrency: options.concurrency, logger: options.logger }, () => false);
  }

  deliver(messages: readonly OutgoingMessage[], context?: DeliveryContext): Promise<DeliveryOutcome[]> {
    return this.#calls.deliver(messages, (message) => this.#deliverOne(message), context);
  }

  async #deliverOne(message: OutgoingMessage): Promise<DeliveryOutcome> {
    const url = targetOf(message);
    if (typeof url === 'string') return this.#rejected(message, url);
    const body = JSON.stringify(webhookPayload(message));
    const secret = await this.options.secret();
    const policy = this.options.backoff ?? { attempts: 3, baseDelayMs: 250, maxDelayMs: 2_000 };
    try {
      return await withBackoff(
        () => this.#attempt(message, url, body, secret),
        isRetryable,
        policy,
        this.options.wait ?? sleep,
      );
    } catch (error) {
      // The host alone: a path or query may carry a receiver's token.
      throw new WebhookUnavailableError(
        `the webhook to ${url.host} still failed after ${policy.attempts} tries (${failureOf(error)})`,
        { cause: error },
      );
    }
  }

  async #attempt(message: OutgoingMessage, url: URL, body: string, secret: string): Promise<DeliveryOutcome> {
    const addresses = await (this.options.resolve ?? resolveHost)(url.hostname);
    if (!this.options.allowPrivateTargets) {
      const refused = addresses.find((entry) => isRefusedAddress(entry.address));
      if (refused)
        return this.#rejected(
          message,
          `target refused: ${url.hostname} resolves to ${refused.address}, which is not a public address`,
        );
      if (url.protocol !== 'https:')
        return this.#rejected(message, 'target refused: webhooks go over https only');
    }
    const timestamp = Math.floor((this.options.now ?? Date.now)() / 1000);
    const status = await postWebhook({
      url,
      body,
      addresses,
      timeoutMs: this.options.timeoutMs ?? 5_000,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Journeys-Webhooks/1',
        'idempotency-key': message.idempotencyKey,
        [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(secret, timestamp, body),
      },
    });
    if (status >= 200 && status < 300) return { idempotencyKey: message.idempotencyKey, status: 'accepted' };
    if (isRetryableStatus(status)) throw new RetryableAnswer(status);
    if (status >= 300 && status < 400)
      return this.#rejected(message, `answered ${status}, a redirect, which is not followed`);
    return this.#rejected(message, `answered ${status}`);
  }

  #rejected(message: OutgoingMessage, reason: string): DeliveryOutcome {
    return this.#calls.rejected(message, 'webhook rejected', reason, {
      host: message.url ? safeHost(message.url) : undefined,
    });
  }
}

/** The message's target, or why it has none that can be called. */
function targetOf(message: OutgoingMessage): URL | string {
  if (message.channel !== 'webhook') return `a ${message.channel} message is not a webhook`;
  if (!message.url) return 'the webhook message has no url';
  try {
    const url = new URL(message.url);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : `the url is not http(s)`;
  } catch {
    return 'the url is not a URL';
  }
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** Timeouts, resets, refused connections, DNS failures and retryable answers: never a programming error. */
function isRetryable(error: unknown): boolean {
  if (error instanceof RetryableAnswer) return true;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'AbortError' || name === 'TimeoutError' || typeof code === 'string';
}

function failureOf(error: unknown): string {
  if (error instanceof RetryableAnswer) return error.message;
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (name === 'AbortError' || name === 'TimeoutError') return 'timed out';
  return typeof code === 'string' ? code : String(name ?? 'error');
}
