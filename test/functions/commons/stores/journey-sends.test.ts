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

  test("messages_per_day counts the customer's own day: 07:00 and 09:00 in Shanghai are one day, though UTC turned between", async () => {
    // Prepare: 23:00 UTC on 12 June is 07:00 on 13 June in Shanghai; 01:00 UTC on 13 June is 09:00 there.
    const sends = engineOf().deps.stores.journeySends;
    const limits = { messages_per_day: 1 };
    const claim = (customerId: string, key: string, at: string, timezone: string) =>
      sends.claim(customerId, 'daily', key, Date.parse(at), limits, timezone);

    // Act
    const shanghai = [
      await claim('cust-sh', 'a', '2027-06-12T23:00:00Z', 'Asia/Shanghai'),
      await claim('cust-sh', 'b', '2027-06-13T01:00:00Z', 'Asia/Shanghai'),
      await claim('cust-sh', 'c', '2027-06-13T16:00:00Z', 'Asia/Shanghai'),
    ];
    const utc = [
      await claim('cust-utc', 'a', '2027-06-12T23:00:00Z', 'UTC'),
      await claim('cust-utc', 'b', '2027-06-13T01:00:00Z', 'UTC'),
    ];

    // Assess: 16:00 UTC on 13 June is midnight in Shanghai, a new day there.
    expect(shanghai).toEqual(['claimed', 'capped', 'claimed']);
    expect(utc).toEqual(['claimed', 'claimed']);
  });

  test("a claim released on the next day, in the customer's zone, still frees its place", async () => {
    // Prepare: claimed at 23:30 in New York, refused at 00:30 there.
    const sends = engineOf().deps.stores.journeySends;
    const limits = { messages_total: 1 };
    const zone = 'America/New_York';
    await sends.claim('cust-ny', 'once', 'k-1', Date.parse('2027-06-13T03:30:00Z'), limits, zone);

    // Act
    await sends.release('cust-ny', 'once', 'k-1', Date.parse('2027-06-13T04:30:00Z'), zone);
    const again = await sends.claim(
      'cust-ny',
      'once',
      'k-2',
      Date.parse('2027-06-13T05:00:00Z'),
      limits,
      zone,
    );

    // Assess
    expect(again).toBe('claimed');
  });
});
