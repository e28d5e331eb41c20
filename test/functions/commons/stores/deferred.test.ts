import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUCKETS, bucketOf } from '../../../../functions/commons/keys.ts';
import type { DeferredSend } from '../../../../functions/commons/stores/ledger.ts';
import { catalogFromWorkspace } from '../../../../infra/local/local-catalog.ts';
import { LocalEngine } from '../../../../infra/local/local-engine.ts';

/** Deferred sends on dynalite: filed by hour and bucket, found through the pending-work index. */

const WORKSPACE = fileURLToPath(new URL('../../../../workflows', import.meta.url));
const AT = Date.UTC(2027, 5, 11, 13, 0);
let engine: LocalEngine;

beforeAll(async () => {
  engine = await LocalEngine.start({ catalog: catalogFromWorkspace(WORKSPACE), startAt: AT });
});

afterAll(async () => {
  await engine?.stop();
});

const sendsFor = (shard: string, count: number, dueAt: number): DeferredSend[] =>
  Array.from({ length: count }, (_, index) => ({
    idempotencyKey: `run-1/send-step/${shard}-customer-${index}`,
    dueAt,
    payload: { customerId: `${shard}-customer-${index}` },
  }));

describe('deferred sends', () => {
  test("one shard's deferrals go to one bucket; different shards spread over buckets", async () => {
    // Prepare: shards whose first keys hash to different buckets.
    const dueAt = AT + 60 * 60_000;
    const shards = ['a', 'b', 'c', 'd', 'e', 'f'].map((shard) => sendsFor(shard, 3, dueAt));
    const expected = new Set(
      shards.map((sends) => bucketOf(sends[0]?.idempotencyKey ?? '', BUCKETS.deferred)),
    );

    // Act
    const places = await Promise.all(shards.map((sends) => engine.deps.stores.ledger.defer(sends)));

    // Assess
    expect(new Set(places.flat().map((place) => place.bucket))).toEqual(expected);
    expect(expected.size).toBeGreaterThan(1);
    for (const list of places) expect(list).toHaveLength(1);
  });

  test('the ticker finds due sends through the buckets the pending-work index names, and finishes them', async () => {
    // Prepare
    const { ledger, pendingWork } = engine.deps.stores;
    const dueAt = AT + 3 * 60 * 60_000;
    const hour = new Date(dueAt).toISOString().slice(0, 13);
    for (const shard of ['g', 'h', 'i']) {
      const places = await ledger.defer(sendsFor(shard, 2, dueAt));
      for (const place of places) await pendingWork.markDeferred(place, AT);
    }
    const notYet = sendsFor('later', 1, dueAt + 60 * 60_000);
    for (const place of await ledger.defer(notYet)) await pendingWork.markDeferred(place, AT);

    // Act
    const work = await pendingWork.due('2099-01-01T00:00', hour);
    const due = await ledger.dueDeferred(
      work.deferred.filter((place) => place.hour === hour),
      dueAt,
    );
    await ledger.finishDeferred(due);

    // Assess
    expect(due.map((send) => send.idempotencyKey).sort()).toEqual(
      ['g', 'h', 'i'].flatMap((shard) => sendsFor(shard, 2, dueAt).map((send) => send.idempotencyKey)).sort(),
    );
    expect(await ledger.dueDeferred(work.deferred, dueAt)).toEqual([]);
  });
});
