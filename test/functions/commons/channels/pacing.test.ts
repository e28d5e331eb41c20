import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  deferredDueAt,
  deliveryWindows,
  keysDigest,
  SHARD_WAIT_MS,
  sendRatesOf,
  slotIntervalUs,
  slotTimes,
  splitAtDeadline,
  TICK_PERIOD_MS,
  TICK_WAIT_MS,
  waitDeadline,
} from '../../../../functions/commons/channels/pacing.ts';
import { FUNCTION_TIMEOUT_SECONDS } from '../../../../functions/function-table.ts';

const AT = Date.UTC(2027, 5, 11, 10, 0);

/** How many of the times fall in each calendar second, the busiest first. */
const perSecond = (times: readonly number[]) => {
  const counts = new Map<number, number>();
  for (const at of times) counts.set(Math.floor(at / 1000), (counts.get(Math.floor(at / 1000)) ?? 0) + 1);
  return [...counts.values()].sort((a, b) => b - a);
};

describe('send slots', () => {
  test('slots are 1/rate apart, rounded so that they are never closer', () => {
    // Act
    const atFive = slotTimes(AT * 1000, 5, slotIntervalUs(5));
    const atThree = slotTimes(AT * 1000 + 1, 4, slotIntervalUs(3));

    // Assess
    expect(atFive.map((at) => at - AT)).toEqual([0, 200, 400, 600, 800]);
    expect(slotIntervalUs(3)).toBe(333_334);
    expect(atThree.map((at) => at - AT)).toEqual([1, 334, 667, 1001]);
  });

  test('no calendar second holds more slots than the rate, wherever the run of slots starts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 3_000 }),
        (rate, offsetUs, count) => {
          // Act
          const times = slotTimes(AT * 1000 + offsetUs, count, slotIntervalUs(rate));
          const windows = deliveryWindows(times.map((at) => ({ item: at, at })));

          // Assess: by slot, and by the moment each window goes out.
          expect(perSecond(times)[0]).toBeLessThanOrEqual(rate);
          const sentAt = windows.flatMap((window) => window.items.map(() => window.at));
          expect(perSecond(sentAt)[0]).toBeLessThanOrEqual(rate);
          for (const window of windows)
            for (const slot of window.items) {
              expect(window.at).toBeLessThanOrEqual(slot);
              expect(Math.floor(window.at / 1000)).toBe(Math.floor(slot / 1000));
            }
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a batch splits at the deadline into what goes now and what is deferred, in slot order', () => {
    // Prepare
    const slotted = [AT + 900, AT + 100, AT + 500, AT + 501].map((at) => ({ item: at - AT, at }));

    // Act
    const { now, later } = splitAtDeadline(slotted, AT + 500);

    // Assess
    expect(now.map((slot) => slot.item)).toEqual([100, 500]);
    expect(later.map((slot) => slot.item)).toEqual([501, 900]);
  });

  test('a deferred slot comes due as early as a tick can still wait for it, never in the past', () => {
    // Act and assess
    expect(deferredDueAt(AT + 5 * TICK_PERIOD_MS, AT)).toBe(AT + 5 * TICK_PERIOD_MS - TICK_WAIT_MS);
    expect(deferredDueAt(AT + 1_000, AT)).toBe(AT);
  });

  test("every wait ends a fixed time after its invocation began, never after a past tick's", () => {
    // Act
    const tick = waitDeadline(AT, 'tick');
    // The next tick, begun earlier in its minute than this one was: its own deadline, not the last one's.
    const nextTick = waitDeadline(AT + TICK_PERIOD_MS - 20_000, 'tick');

    // Assess
    expect(tick).toBe(AT + TICK_WAIT_MS);
    expect(nextTick).toBe(AT + TICK_PERIOD_MS - 20_000 + TICK_WAIT_MS);
    expect(waitDeadline(AT, 'shard')).toBe(AT + SHARD_WAIT_MS);
    expect(TICK_WAIT_MS).toBeLessThan(TICK_PERIOD_MS);
  });

  test('a batch of keys has one digest, whatever their order', () => {
    // Act and assess
    expect(keysDigest(['b', 'a', 'c'])).toBe(keysDigest(['a', 'b', 'c']));
    expect(keysDigest(['a', 'b'])).not.toBe(keysDigest(['a', 'b', 'c']));
    expect(keysDigest(['a\nb'])).not.toBe(keysDigest(['a', 'b']));
  });

  test('a shard waits for at most two thirds of its timeout; only a configured channel is paced', () => {
    // Act and assess
    expect(SHARD_WAIT_MS).toBe((FUNCTION_TIMEOUT_SECONDS.send * 2000) / 3);
    expect(sendRatesOf({ EMAIL_MAX_PER_SECOND: undefined })).toEqual({});
    expect(sendRatesOf({ EMAIL_MAX_PER_SECOND: 14 })).toEqual({ email: 14 });
    expect(() => slotIntervalUs(0)).toThrow('expected a send rate above 0, got 0');
  });
});
