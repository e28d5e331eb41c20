import { describe, expect, test } from 'vitest';
import { slotIntervalUs } from '../../../../functions/commons/channels/pacing.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** The shared send-slot cursor on dynalite: one conditional write per batch, whoever reserves at once. */

const AT = Date.UTC(2027, 5, 11, 10, 0);
const engineOf = useLocalEngine(AT);
const store = () => engineOf().deps.stores.sendRates;

describe('send slots', () => {
  test('an idle channel starts a batch now; the next batch takes the slots after it', async () => {
    // Act
    const first = await store().reserve('email', 10, AT, 5);
    const second = await store().reserve('email', 3, AT + 100, 5);

    // Assess
    expect(first).toBe(AT * 1000);
    expect(second).toBe(AT * 1000 + 10 * slotIntervalUs(5));
  });

  test('slots a channel left unused are not saved up: after a quiet spell a batch starts at its own now', async () => {
    // Prepare
    await store().reserve('sms', 2, AT, 1);

    // Act
    const later = await store().reserve('sms', 2, AT + 60_000, 1);

    // Assess
    expect(later).toBe((AT + 60_000) * 1000);
  });

  test('batches reserved at once get disjoint runs of slots that together leave no gap', async () => {
    // Prepare: 25 shards of different sizes reserving at the same moment, on a channel of its own.
    const sizes = Array.from({ length: 25 }, (_, index) => 1 + ((index * 37) % 50));
    const interval = slotIntervalUs(100);
    const writesBefore = engineOf().usage.requests.get('UpdateItem') ?? 0;

    // Act
    const starts = await Promise.all(sizes.map((size) => store().reserve('push', size, AT, 100)));

    // Assess: sorted by start, each run begins where the one before ended.
    const runs = starts.map((start, index) => ({ start, end: start + (sizes[index] ?? 0) * interval }));
    runs.sort((a, b) => a.start - b.start);
    expect(runs[0]?.start).toBe(AT * 1000);
    for (const [index, run] of runs.entries()) if (index > 0) expect(run.start).toBe(runs[index - 1]?.end);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    expect(runs.at(-1)?.end).toBe(AT * 1000 + total * interval);
    // One write each, plus the few that found the cursor moved between their two attempts.
    const writes = (engineOf().usage.requests.get('UpdateItem') ?? 0) - writesBefore;
    expect(writes).toBeGreaterThanOrEqual(25);
    expect(writes).toBeLessThan(25 * 3);
  });

  test('refuses a batch of no slots', async () => {
    // Act and assess
    await expect(store().reserve('email', 0, AT, 5)).rejects.toThrow(
      'expected a whole number of slots above 0, got 0',
    );
  });

  test("a shard's kept reservation is what its retry finds, and a later attempt's keep leaves it", async () => {
    // Prepare
    const first = {
      firstUs: AT * 1000,
      intervalUs: slotIntervalUs(5),
      keys: 'digest-1',
      deadline: AT + 40_000,
    };
    const shard = 'cart-nudge-202706111000/send-cart-email/cart-nudge-202706111000/3';

    // Act
    const before = await store().reservation('webhook', shard);
    await store().keepReservation('webhook', shard, first, AT);
    await store().keepReservation('webhook', shard, { ...first, keys: 'digest-2' }, AT + 1_000);

    // Assess: kept beside the channel's cursor, which it does not move.
    expect(before).toBeUndefined();
    expect(await store().reservation('webhook', shard)).toEqual(first);
    expect(await store().reservation('sms', shard)).toBeUndefined();
    expect(await store().nextSlot('webhook')).toBeUndefined();
    await store().reserve('webhook', 2, AT, 5);
    expect(await store().nextSlot('webhook')).toBe(AT + 400);
  });
});
