import { describe, expect, test } from 'vitest';
import { BUCKETS, bucketOf } from '../../../../functions/commons/dynamo/keys.ts';
import type { DeferredGroup } from '../../../../functions/commons/stores/deferrals.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** Deferred sends on dynalite: a shard's group filed by hour and bucket, found through the pending-work index. */

const AT = Date.UTC(2027, 5, 11, 13, 0);
const engineOf = useLocalEngine(AT);
const HOUR = 60 * 60_000;

const groupFor = (shard: string, count: number, dueAt: (index: number) => number): DeferredGroup => ({
  id: `run-1/send-step/${shard}`,
  payload: { shard },
  dueAt: new Map(Array.from({ length: count }, (_, index) => [`${shard}-customer-${index}`, dueAt(index)])),
});

const hourOf = (at: number) => new Date(at).toISOString().slice(0, 13);

describe('deferred sends', () => {
  test("a shard's deferrals of one hour are one item in one bucket; different shards spread over buckets", async () => {
    // Prepare: shards whose ids hash to different buckets, 500 customers each.
    const dueAt = AT + HOUR;
    const groups = ['a', 'b', 'c', 'd', 'e', 'f'].map((shard) => groupFor(shard, 500, () => dueAt));
    const expected = new Set(groups.map((group) => bucketOf(group.id, BUCKETS.deferred)));
    const writesBefore = engineOf().usage.requests.get('BatchWriteItem') ?? 0;

    // Act
    const places = await Promise.all(groups.map((group) => engineOf().deps.stores.ledger.defer(group)));

    // Assess
    expect(new Set(places.flat().map((place) => place.bucket))).toEqual(expected);
    expect(expected.size).toBeGreaterThan(1);
    for (const list of places) expect(list).toEqual([expect.objectContaining({ hour: hourOf(dueAt) })]);
    expect((engineOf().usage.requests.get('BatchWriteItem') ?? 0) - writesBefore).toBe(6);
  });

  test('a group whose customers are due in two hours files one item in each', async () => {
    // Prepare: 08:00 in Shanghai and in Tokyo are different hours in UTC.
    const group = groupFor('two-hours', 4, (index) => AT + (index < 2 ? 2 : 3) * HOUR);

    // Act
    const places = await engineOf().deps.stores.ledger.defer(group);

    // Assess
    expect(places.map((place) => place.hour)).toEqual([hourOf(AT + 2 * HOUR), hourOf(AT + 3 * HOUR)]);
  });

  test('the ticker finds due sends through the buckets the pending-work index names, and finishes them', async () => {
    // Prepare
    const { ledger, pendingWork } = engineOf().deps.stores;
    const dueAt = AT + 5 * HOUR;
    const hour = hourOf(dueAt);
    for (const shard of ['g', 'h', 'i']) {
      const places = await ledger.defer(groupFor(shard, 2, () => dueAt));
      for (const place of places) await pendingWork.markDeferred(place, AT);
    }
    const notYet = groupFor('later', 1, () => dueAt + HOUR);
    for (const place of await ledger.defer(notYet)) await pendingWork.markDeferred(place, AT);

    // Act
    const work = await pendingWork.due('2099-01-01T00:00', hour);
    const due = await ledger.dueDeferred(
      work.deferred.filter((place) => place.hour === hour),
      dueAt,
    );
    await ledger.finishDeferred(due);

    // Assess
    expect(due.flatMap((group) => group.due).sort()).toEqual(
      ['g', 'h', 'i'].flatMap((shard) => [`${shard}-customer-0`, `${shard}-customer-1`]),
    );
    expect(
      due.map((group) => group.payload).sort((a, b) => String(a.shard).localeCompare(String(b.shard))),
    ).toEqual([{ shard: 'g' }, { shard: 'h' }, { shard: 'i' }]);
    expect(await ledger.dueDeferred(work.deferred, dueAt)).toEqual([]);
  });

  test('customers due later in the hour (a half-hour zone) stay filed until their time', async () => {
    // Prepare: 08:00 in Shanghai is 00:00Z; 08:00 in a zone at +07:30 would be 00:30Z.
    const { ledger } = engineOf().deps.stores;
    const onTheHour = AT + 8 * HOUR;
    const group = groupFor('half', 3, (index) => (index === 2 ? onTheHour + 30 * 60_000 : onTheHour));
    const [place] = await ledger.defer(group);
    const places = place ? [place] : [];

    // Act
    const first = await ledger.dueDeferred(places, onTheHour);
    await ledger.finishDeferred(first);
    const between = await ledger.dueDeferred(places, onTheHour + 10 * 60_000);
    const second = await ledger.dueDeferred(places, onTheHour + 30 * 60_000);
    await ledger.finishDeferred(second);

    // Assess
    expect(first.map((found) => [found.due, found.dueLater])).toEqual([
      [['half-customer-0', 'half-customer-1'], true],
    ]);
    expect(between).toEqual([]);
    expect(second.map((found) => [found.due, found.dueLater])).toEqual([[['half-customer-2'], false]]);
    expect(await ledger.dueDeferred(places, onTheHour + HOUR)).toEqual([]);
  });
});
