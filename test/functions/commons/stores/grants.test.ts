import { describe, expect, test } from 'vitest';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** Grants on dynalite: once ever per offer, or once per run and step, even with writers at once. */

const AT = Date.UTC(2027, 5, 11, 13, 0);
const engineOf = useLocalEngine(AT);

const customers = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

describe('grants in a run', () => {
  test("a shard's grants are one item: 500 customers cost about ten write units, not 500", async () => {
    // Prepare
    const ids = customers('g', 500);
    const unitsBefore = engineOf().usage.writeCapacity;

    // Act
    const granted = await engineOf().deps.stores.ledger.grant(
      { runId: 'run-size', stepId: 'grant-coupon', shard: 0, once: false, offerId: 'cart-coupon-15' },
      ids,
      AT,
    );

    // Assess
    expect(granted.size).toBe(500);
    expect(engineOf().usage.writeCapacity - unitsBefore).toBeLessThan(20);
  });

  test('writers of one shard at once (sub-cohorts, or a retried attempt) grant each customer once', async () => {
    // Prepare: five writers whose customers overlap.
    const ids = customers('w', 60);
    const scope = {
      runId: 'run-race',
      stepId: 'grant-coupon',
      shard: 4,
      once: false,
      offerId: 'cart-coupon-15',
    } as const;
    const writers = [0, 10, 20, 30, 40].map((from) => ids.slice(from, from + 20));

    // Act
    const results = await Promise.all(
      writers.map((writerIds) => engineOf().deps.stores.ledger.grant(scope, writerIds, AT)),
    );
    const again = await engineOf().deps.stores.ledger.grant(scope, ids, AT + 60_000);

    // Assess: every customer granted by exactly one writer; nothing left for a later attempt.
    const all = results.flatMap((granted) => [...granted]);
    expect(all.sort()).toEqual([...ids].sort());
    expect(again.size).toBe(0);
  });

  test('the same customers in another shard, step or run are granted again', async () => {
    // Prepare
    const ids = customers('o', 3);
    const { ledger } = engineOf().deps.stores;
    await ledger.grant(
      { runId: 'run-a', stepId: 'grant-coupon', shard: 1, once: false, offerId: 'cart-coupon-15' },
      ids,
      AT,
    );

    // Act
    const otherStep = await ledger.grant(
      { runId: 'run-a', stepId: 'grant-pass', shard: 1, once: false, offerId: 'cart-coupon-15' },
      ids,
      AT,
    );
    const otherRun = await ledger.grant(
      { runId: 'run-b', stepId: 'grant-coupon', shard: 1, once: false, offerId: 'cart-coupon-15' },
      ids,
      AT,
    );

    // Assess
    expect(otherStep.size).toBe(3);
    expect(otherRun.size).toBe(3);
  });
});

describe('holders of an offer in a run', () => {
  test('a once-ever grant refused for an earlier gift leaves the customer without the offer in this run', async () => {
    // Prepare: the first run gives the gift to two customers.
    const { ledger } = engineOf().deps.stores;
    const first = { offerId: 'first-purchase-gift', once: true, stepId: 'grant-gift', shard: 2 } as const;
    await ledger.grant({ ...first, runId: 'run-1' }, ['h-0', 'h-1'], AT);

    // Act: a later run tries all three; its first attempt is retried.
    const granted = await ledger.grant({ ...first, runId: 'run-2' }, ['h-0', 'h-1', 'h-2'], AT);
    const retried = await ledger.grant({ ...first, runId: 'run-2' }, ['h-0', 'h-1', 'h-2'], AT);

    // Assess: only the newcomer holds the gift in the later run, however many attempts it took.
    expect([...granted]).toEqual(['h-2']);
    expect([...retried]).toEqual(['h-2']);
    expect([...(await ledger.holders('run-2', ['grant-gift'], 2))]).toEqual(['h-2']);
    expect([...(await ledger.holders('run-1', ['grant-gift'], 2))].sort()).toEqual(['h-0', 'h-1']);
    expect((await ledger.holders('run-2', ['grant-gift'], 3)).size).toBe(0);
  });
});
