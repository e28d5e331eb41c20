import { describe, expect, test } from 'vitest';
import { localDocumentClient } from '../../../../engine/dynalite/local-client.ts';
import { PSEUDONYM_PREFIX } from '../../../../functions/commons/util/pseudonym.ts';
import { subCohortId } from '../../../../workflows/contracts/execution.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** Tombstones, pseudonyms and the cohort index an erasure finds a customer's shards by, on dynalite. */

const AT = Date.UTC(2027, 5, 11, 10, 0);
const engineOf = useLocalEngine(AT);
const stores = () => engineOf().deps.stores;

describe('erasure tombstones', () => {
  test('are found for the ids erased, with when, and for no other id', async () => {
    // Prepare
    await stores().erasures.record('gone-1', { erasedAt: AT, removed: { profile: 1 } });
    await stores().erasures.record('gone-2', { erasedAt: AT + 5, removed: {} });

    // Act
    const erased = await stores().erasures.wereErased(['gone-1', 'kept-1', 'gone-2', 'gone-1']);

    // Assess
    expect([...erased].sort()).toEqual([
      ['gone-1', AT],
      ['gone-2', AT + 5],
    ]);
    expect(await stores().erasures.tombstoneOf('gone-1')).toEqual({ erasedAt: AT, removed: { profile: 1 } });
    expect(await stores().erasures.tombstoneOf('kept-1')).toBeUndefined();
  });

  test('hold no customer id, in their key or anywhere else', async () => {
    // Prepare
    const id = 'tombstone-subject-77';
    await stores().erasures.record(id, { erasedAt: AT, removed: { timelineEvents: 3 } });
    const client = localDocumentClient({ endpoint: engineOf().dynamoEndpoint });

    // Act
    const scanned = await client.scan({
      TableName: engineOf().deps.config.STATE_TABLE,
      FilterExpression: 'begins_with(pk, :erased)',
      ExpressionAttributeValues: { ':erased': 'erased#' },
    });

    // Assess
    const items = scanned.Items ?? [];
    expect(items.some((item) => item.removed?.timelineEvents === 3)).toBe(true);
    expect(JSON.stringify(items)).not.toContain(id);
  });

  test('pseudonyms are stable per id, distinct between ids, and hold neither', () => {
    // Act
    const pseudonym = stores().erasures.pseudonymOf('subject-1');

    // Assess
    expect(pseudonym.startsWith(PSEUDONYM_PREFIX)).toBe(true);
    expect(pseudonym).not.toContain('subject-1');
    expect(stores().erasures.pseudonymOf('subject-1')).toBe(pseudonym);
    expect(stores().erasures.pseudonymOf('subject-2')).not.toBe(pseudonym);
  });
});

describe('the cohort index', () => {
  test("lists every cohort of a run that wrote a shard, and only that shard's", async () => {
    // Prepare
    const runId = 'erasure-index-202706111000';
    const sub = subCohortId(runId, 'branch', 'yes', runId);
    await stores().cohorts.writeShard(runId, 3, [{ customerId: 'c-1', enteredAt: AT }]);
    await stores().cohorts.writeShard(sub, 3, [{ customerId: 'c-1', enteredAt: AT }]);
    await stores().cohorts.writeShard(runId, 4, [{ customerId: 'c-2', enteredAt: AT }]);

    // Act
    const cohorts = await stores().cohorts.cohortsOf(runId, 3);

    // Assess
    expect(cohorts.sort()).toEqual([runId, sub].sort());
  });

  test('forgetting a member takes them out and keeps their exit note under the pseudonym', async () => {
    // Prepare
    const cohortId = 'erasure-forget-202706111000';
    const members = ['c-1', 'c-2', 'c-3'].map((customerId) => ({ customerId, enteredAt: AT }));
    await stores().cohorts.writeShard(cohortId, 0, members);
    await stores().cohorts.removeMembers(cohortId, 0, ['c-2'], 'send-coupon');

    // Act
    const member = await stores().cohorts.forgetMember(cohortId, 0, 'c-1', 'erased:one');
    const exited = await stores().cohorts.forgetMember(cohortId, 0, 'c-2', 'erased:two');
    const absent = await stores().cohorts.forgetMember(cohortId, 0, 'c-9', 'erased:nine');

    // Assess
    const shard = await stores().cohorts.read(cohortId, 0);
    expect([member, exited, absent]).toEqual([true, true, false]);
    expect(shard.members.map((m) => m.customerId)).toEqual(['c-3']);
    expect([...shard.exited]).toEqual([['erased:two', 'send-coupon']]);
  });
});

describe("a customer's deferred sends", () => {
  test("are found in their shard step's groups, paced ones too, and not in a shard whose number starts alike", async () => {
    // Prepare: one shard's quiet-hour group, its paced group, and shard 12's group with the same customer id.
    const ledger = stores().ledger;
    const payload = { journeyId: 'j', runId: 'j-run', step: { id: 's' } };
    const due = new Map([['c-7', AT + 3_600_000]]);
    const filed = [
      ...(await ledger.defer({ id: 'j-run/s/j-run/1', payload, dueAt: due })),
      ...(await ledger.defer({ id: 'j-run/s/j-run/1/paced-1700', payload, dueAt: due })),
      ...(await ledger.defer({ id: 'j-run/s/j-run/12', payload, dueAt: due })),
    ];

    // Act
    const held = await ledger.deferredOf('c-7', filed, ['j-run/s/j-run/1']);
    await ledger.forgetDeferred('c-7', held);

    // Assess
    expect(held.map((deferral) => deferral.id).sort()).toEqual([
      'j-run/s/j-run/1',
      'j-run/s/j-run/1/paced-1700',
    ]);
    expect(held[0]).toMatchObject({ journeyId: 'j', runId: 'j-run', stepId: 's', dueAt: AT + 3_600_000 });
    expect(await ledger.deferredOf('c-7', filed, ['j-run/s/j-run/1'])).toEqual([]);
    expect(
      (await ledger.deferredOf('c-7', filed, ['j-run/s/j-run/12'])).map((deferral) => deferral.id),
    ).toEqual(['j-run/s/j-run/12']);
  });
});

describe('send records of an erased customer', () => {
  test('keep their outcome under the pseudonym, which a re-touch of the run does not reach', async () => {
    // Prepare
    const place = { journeyId: 'j', runId: 'j-pseudonym', stepId: 's', cohortId: 'j-pseudonym', shard: 2 };
    const record = (customerId: string) => ({
      ...place,
      customerId,
      idempotencyKey: `j-pseudonym/s/${customerId}`,
      channel: 'email' as const,
      template: 't',
      outcome: 'sent' as const,
      at: AT,
    });
    const ledger = stores().ledger;
    await ledger.recordSends([record('c-gone'), record('c-kept')], { logged: false });
    const pseudonym = stores().erasures.pseudonymOf('c-gone');

    // Act
    await ledger.pseudonymize('c-gone', [place], pseudonym);

    // Assess
    const logged = await ledger.loggedSends(place);
    expect([...logged.keys()].sort()).toEqual(['c-kept', pseudonym].sort());
    expect(logged.get(pseudonym)).toEqual({
      idempotencyKey: `j-pseudonym/s/${pseudonym}`,
      outcome: 'sent',
      at: AT,
    });
    expect(await ledger.reachedCustomers('j', 'j-pseudonym')).toEqual(['c-kept']);
    expect(await ledger.recordsOf('c-gone', [place])).toEqual([]);
  });
});
