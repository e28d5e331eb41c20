import { describe, expect, test } from 'vitest';
import { backoffDelay, withBackoff } from '../../../../functions/commons/util/backoff.ts';

const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 500 };

describe('backoff with full jitter', () => {
  test('draws each wait below base·2^retry, capped at the maximum', () => {
    // Act
    const highest = [0, 1, 2, 3, 10].map((retry) => backoffDelay(policy, retry, () => 0.999_999));
    const lowest = [0, 1, 2].map((retry) => backoffDelay(policy, retry, () => 0));

    // Assess
    expect(highest).toEqual([99, 199, 399, 499, 499]);
    expect(lowest).toEqual([0, 0, 0]);
  });

  test('tries again while the error is retryable, up to the attempts, then throws the last error', async () => {
    // Prepare
    let calls = 0;
    const waits: number[] = [];

    // Act
    const failure = await withBackoff(
      async () => {
        calls += 1;
        throw new Error(`busy ${calls}`);
      },
      () => true,
      policy,
      async (ms) => {
        waits.push(ms);
      },
    ).catch((error) => error);

    // Assess
    expect(failure).toEqual(new Error('busy 4'));
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);
  });

  test('throws a non-retryable error at once', async () => {
    let calls = 0;
    const failure = await withBackoff(
      async () => {
        calls += 1;
        throw new Error('bad request');
      },
      () => false,
      policy,
      async () => {},
    ).catch((error) => error);

    expect(failure).toEqual(new Error('bad request'));
    expect(calls).toBe(1);
  });
});
