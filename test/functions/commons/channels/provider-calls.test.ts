import { describe, expect, test } from 'vitest';
import { ProviderCalls } from '../../../../functions/commons/channels/provider-calls.ts';

class Throttled extends Error {
  override readonly name = 'Throttled';
}

const isThrottling = (error: unknown) => error instanceof Throttled;
const noWait = async () => {};

describe('the calls of a provider adapter', () => {
  test('a key whose result was kept is not called again; one the policy does not keep is', async () => {
    // Prepare
    const calls = new ProviderCalls<string>(
      {},
      { isThrottling, defaultConcurrency: 2, remember: (result) => result === 'accepted' },
    );
    let made = 0;
    const call = (result: string) => async () => {
      made += 1;
      return result;
    };

    // Act
    await calls.once('k-accepted', call('accepted'));
    await calls.once('k-rejected', call('rejected'));
    const again = [
      await calls.once('k-accepted', call('other')),
      await calls.once('k-rejected', call('rejected')),
    ];

    // Assess
    expect(again).toEqual(['accepted', 'rejected']);
    expect(made).toBe(3);
  });

  test('a throttled request is tried again until the backoff runs out, then its error is thrown', async () => {
    // Prepare
    const calls = new ProviderCalls<string>(
      { backoff: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 }, wait: noWait },
      { isThrottling, defaultConcurrency: 1 },
    );
    let tries = 0;

    // Act
    const failing = calls.send(async () => {
      tries += 1;
      throw new Throttled('slow down');
    });

    // Assess
    await expect(failing).rejects.toThrow('slow down');
    expect(tries).toBe(3);
  });

  test('keeps to the concurrency the options give, and the order of the items', async () => {
    // Prepare
    const calls = new ProviderCalls<number>({ concurrency: 2 }, { isThrottling, defaultConcurrency: 8 });
    let inFlight = 0;
    let most = 0;

    // Act
    const results = await calls.map([1, 2, 3, 4, 5], async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return item * 10;
    });

    // Assess
    expect(results).toEqual([10, 20, 30, 40, 50]);
    expect(most).toBe(2);
  });
});
