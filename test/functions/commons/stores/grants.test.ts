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
    const { granted } = await engineOf().deps.stores.ledger.grant(
      {
        runId: 'run-size',
        stepId: 'grant-coupon',
        shard: 0,
        once: false,
        offerId: 'cart-coupon-15',
        task: 'cohort-size',
      },
      ids,
      AT,
    );

    // Assess
    expect(granted.size).toBe(500);
    expect(engineOf().usage.writeCapacity - unitsBefore).toBeLessThan(20);
  });

  test('writers of one shard at once (sub-cohorts, or a retried attempt) grant each customer once', async () => {
    // Prepare: five writers (tasks) whose customers overlap.
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
      writers.map((writerIds, task) =>
        engineOf().deps.stores.ledger.grant({ ...scope, task: `cohort-${task}` }, writerIds, AT),
      ),
    );
    const later = await engineOf().deps.stores.ledger.grant(
      { ...scope, task: 'cohort-later' },
      ids,
      AT + 60_000,
    );

    // Assess: every customer granted by exactly one writer; nothing left for a later task.
    const all = results.flatMap(({ granted }) => [...granted]);
    expect(all.sort()).toEqual([...ids].sort());
    expect(results.reduce((sum, { grantedNow }) => sum + grantedNow, 0)).toBe(60);
    expect([later.granted.size, later.grantedNow]).toEqual([0, 0]);
  });

  test('a retried task finds the customers its earlier attempt granted as its own, and grants none again', async () => {
    // Prepare: the first attempt grants three customers, one of whom another task granted before.
    const { ledger } = engineOf().deps.stores;
    const scope = {
      runId: 'run-retry',
      stepId: 'grant-coupon',
      shard: 2,
      once: false,
      offerId: 'cart-coupon-15',
    };
    await ledger.grant({ ...scope, task: 'cohort-other' }, ['r-0'], AT);
    const first = await ledger.grant({ ...scope, task: 'cohort-retried' }, ['r-0', 'r-1', 'r-2'], AT);

    // Act
    const retried = await ledger.grant(
      { ...scope, task: 'cohort-retried' },
      ['r-0', 'r-1', 'r-2'],
      AT + 2_000,
    );

    // Assess: both attempts answer the same two grants; only the first made them.
    expect([[...first.granted].sort(), first.grantedNow]).toEqual([['r-1', 'r-2'], 2]);
    expect([[...retried.granted].sort(), retried.grantedNow]).toEqual([['r-1', 'r-2'], 0]);
  });

  test('the same customers in another shard, step or run are granted again', async () => {
    // Prepare
    const ids = customers('o', 3);
    const { ledger } = engineOf().deps.stores;
    const place = { shard: 1, once: false, offerId: 'cart-coupon-15', task: 'cohort-a' };
    await ledger.grant({ ...place, runId: 'run-a', stepId: 'grant-coupon' }, ids, AT);

    // Act
    const otherStep = await ledger.grant({ ...place, runId: 'run-a', stepId: 'grant-pass' }, ids, AT);
    const otherRun = await ledger.grant({ ...place, runId: 'run-b', stepId: 'grant-coupon' }, ids, AT);

    // Assess
    expect(otherStep.granted.size).toBe(3);
    expect(otherRun.granted.size).toBe(3);
  });
});

describe('holders of an offer in a run', () => {
  test('a once-ever grant refused for an earlier gift leaves the customer without the offer in this run', async () => {
    // Prepare: the first run gives the gift to two customers.
    const { ledger } = engineOf().deps.stores;
    const first = {
      offerId: 'first-purchase-gift',
      once: true,
      stepId: 'grant-gift',
      shard: 2,
      task: 'cohort-1',
    } as const;
    await ledger.grant({ ...first, runId: 'run-1' }, ['h-0', 'h-1'], AT);

    // Act: a later run tries all three; its first attempt is retried.
    const granted = await ledger.grant({ ...first, runId: 'run-2' }, ['h-0', 'h-1', 'h-2'], AT);
    const retried = await ledger.grant({ ...first, runId: 'run-2' }, ['h-0', 'h-1', 'h-2'], AT);

    // Assess: only the newcomer holds the gift in the later run, however many attempts it took.
    expect([[...granted.granted], granted.grantedNow]).toEqual([['h-2'], 1]);
    expect([[...retried.granted], retried.grantedNow]).toEqual([['h-2'], 0]);
    expect([...(await ledger.holders('run-2', ['grant-gift'], 2))]).toEqual(['h-2']);
    expect([...(await ledger.holders('run-1', ['grant-gift'], 2))].sort()).toEqual(['h-0', 'h-1']);
    expect((await ledger.holders('run-2', ['grant-gift'], 3)).size).toBe(0);
  });
});
