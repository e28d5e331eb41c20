import { describe, expect, test } from 'vitest';
import { DAY_MS } from '../../../../functions/commons/runtime/clock.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** A journey's own counts per customer on dynalite: its limits per day, per timeframe and ever. */

const AT = Date.UTC(2027, 5, 12, 9, 0);
const engineOf = useLocalEngine(AT);

describe('journey sends', () => {
  test('messages_within counts the days of its timeframe and lets a message in once the oldest leaves it', async () => {
    // Prepare: at most 2 messages in any 3 days.
    const sends = engineOf().deps.stores.journeySends;
    const limits = { messages_within: { count: 2, days: 3 } };
    const claim = (key: string, day: number) =>
      sends.claim('cust-within', 'weekly', key, AT + day * DAY_MS, limits);

    // Act: day 0 and day 1 fill the timeframe; day 2 is still in it; day 3 is not (day 0 left it).
    const outcomes = [await claim('a', 0), await claim('b', 1), await claim('c', 2), await claim('d', 3)];

    // Assess
    expect(outcomes).toEqual(['claimed', 'claimed', 'capped', 'claimed']);
  });

  test('a retried claim of the same message is no second message, and a released claim frees its place', async () => {
    // Prepare
    const sends = engineOf().deps.stores.journeySends;
    const limits = { messages_per_day: 1, messages_total: 2 };
    const claim = (key: string, at = AT) => sends.claim('cust-retry', 'daily', key, at, limits);

    // Act
    const first = await claim('run-1/push/cust-retry');
    const retried = await claim('run-1/push/cust-retry');
    const second = await claim('run-2/push/cust-retry');
    await sends.release('cust-retry', 'daily', 'run-1/push/cust-retry', AT);
    const afterRelease = await claim('run-2/push/cust-retry');
    const nextDay = await claim('run-3/push/cust-retry', AT + DAY_MS);
    const overTotal = await claim('run-4/push/cust-retry', AT + 2 * DAY_MS);

    // Assess
    expect([first, retried, second, afterRelease, nextDay, overTotal]).toEqual([
      'claimed',
      'already_claimed',
      'capped',
      'claimed',
      'claimed',
      'capped',
    ]);
  });

  test('one journey counts apart from another for the same customer', async () => {
    // Prepare
    const sends = engineOf().deps.stores.journeySends;
    const limits = { messages_per_day: 1 };

    // Act
    const outcomes = [
      await sends.claim('cust-apart', 'one', 'run-1/a/cust-apart', AT, limits),
      await sends.claim('cust-apart', 'two', 'run-2/a/cust-apart', AT, limits),
      await sends.claim('cust-apart', 'one', 'run-1/b/cust-apart', AT, limits),
    ];

    // Assess
    expect(outcomes).toEqual(['claimed', 'claimed', 'capped']);
  });
});
