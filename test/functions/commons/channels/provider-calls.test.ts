import { describe, expect, test } from 'vitest';
import { messageCall, ProviderCalls } from '../../../../functions/commons/channels/provider-calls.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

class Throttled extends Error {
  override readonly name = 'Throttled';
}

const isThrottling = (error: unknown) => error instanceof Throttled;
const noWait = async () => {};
const engineOf = useLocalEngine(Date.parse('2027-06-11T02:00:00Z'));

/** A message of customer `c-<n>` under the key `run-1/send/c-<n>`. */
const message = (n: number) => ({ idempotencyKey: `run-1/send/c-${n}`, customerId: `c-${n}` });
type Message = ReturnType<typeof message>;

/** An adapter's calls, as each container makes them anew: results are strings, 'accepted' is taken. */
function providerCalls() {
  const made: string[] = [];
  const calls = new ProviderCalls<string>(
    {},
    { isThrottling, defaultConcurrency: 4, accepted: (r) => r === 'accepted' },
  );
  const deliver = (messages: readonly Message[], answer: (m: Message) => string, redelivered = false) =>
    calls.once(
      messages,
      messageCall,
      async (item) => {
        made.push(item.idempotencyKey);
        return answer(item);
      },
      () => 'accepted before',
      {
        marks: engineOf().deps.stores.deliveryMarks,
        redeliveries: new Set(redelivered ? messages.map((m) => m.idempotencyKey) : []),
      },
    );
  return { made, deliver };
}

describe('the calls of a provider adapter', () => {
  test('an accepted call is not made again in the container; a rejected one is', async () => {
    // Prepare
    const { made, deliver } = providerCalls();
    const [taken, refused] = [message(1), message(2)];
    const answer = (m: Message) => (m === taken ? 'accepted' : 'rejected');

    // Act
    await deliver([taken, refused], answer);
    const again = await deliver([taken, refused], answer);

    // Assess
    expect(again).toEqual(['accepted', 'rejected']);
    expect(made).toEqual([taken.idempotencyKey, refused.idempotencyKey, refused.idempotencyKey]);
  });

  test('a redelivery in another container skips the calls accepted before, and makes the others', async () => {
    // Prepare: the first container's batch: one accepted, one throttled for good.
    const first = providerCalls();
    const messages = [message(3), message(4)];
    await first.deliver(messages, (m) => (m === messages[0] ? 'accepted' : 'throttled'));

    // Act: a new container, as a Lambda retried after a timeout gets.
    const second = providerCalls();
    const results = await second.deliver(messages, () => 'accepted', true);

    // Assess
    expect(results).toEqual(['accepted before', 'accepted']);
    expect(second.made).toEqual([messages[1]?.idempotencyKey]);
  });

  test('a first delivery looks up no marks; the marks of a batch answering together are one write', async () => {
    // Prepare: a batch accepted at once, and its keys marked.
    const messages = [5, 6, 7, 8, 9, 10].map(message);
    await providerCalls().deliver(messages, () => 'accepted');
    const usage = engineOf().usage;
    const before = { ...Object.fromEntries(usage.requests) };

    // Act: the same keys as first deliveries (not redelivered), in a new container.
    const fresh = providerCalls();
    await fresh.deliver(messages, () => 'accepted');

    // Assess: called again, without a read; the six marks went out in one or two batch writes.
    expect(fresh.made).toHaveLength(6);
    expect((usage.requests.get('BatchGetItem') ?? 0) - (before.BatchGetItem ?? 0)).toBe(0);
    expect((usage.requests.get('BatchWriteItem') ?? 0) - (before.BatchWriteItem ?? 0)).toBeLessThanOrEqual(2);
  });

  test('a throttled request is tried again until the backoff runs out, then its error is thrown', async () => {
    // Prepare
    const calls = new ProviderCalls<string>(
      { backoff: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 }, wait: noWait },
      { isThrottling, defaultConcurrency: 1, accepted: () => true },
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
    const calls = new ProviderCalls<number>(
      { concurrency: 2 },
      { isThrottling, defaultConcurrency: 8, accepted: () => true },
    );
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
