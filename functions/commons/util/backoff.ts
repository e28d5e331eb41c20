/** How often and how long to wait before trying again. */
export interface BackoffPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The wait before retry number `retry` (0 for the first): "full jitter", a uniform draw below
 * min(max, base·2^retry), which spreads callers that failed together (AWS Architecture Blog,
 * "Exponential Backoff And Jitter", 2015).
 */
export function backoffDelay(
  policy: BackoffPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry));
}

/**
 * Runs `work`, again after a backoff while `retryable` says so and tries are left; then the last
 * error is thrown.
 */
export async function withBackoff<T>(
  work: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  policy: BackoffPolicy,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.attempts || !retryable(error)) throw error;
      await wait(backoffDelay(policy, attempt - 1));
    }
  }
}
