import { describe, expect, test } from 'vitest';
import { BUCKETS, type SendLogPlace } from '../../../../functions/commons/dynamo/keys.ts';
import type { SendOutcome, SendRecord } from '../../../../functions/commons/stores/send-log.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** Send logs on dynalite: one record per message, filed per shard and step in a few items. */

const AT = Date.UTC(2027, 5, 11, 13, 0);
const engineOf = useLocalEngine(AT);

const place = (runId: string, stepId: string, shard: number): SendLogPlace => ({
  journeyId: 'preheat-618',
  runId,
  stepId,
  cohortId: runId,
  shard,
});

const records = (
  where: SendLogPlace,
  customerIds: readonly string[],
  outcome: (customerId: string) => SendOutcome,
  at = AT,
): SendRecord[] =>
  customerIds.map((customerId) => ({
    ...where,
    idempotencyKey: `${where.runId}/${where.stepId}/${customerId}`,
    customerId,
    channel: 'sms',
    template: 'preheat-teaser',
    outcome: outcome(customerId),
    at,
  }));

const customers = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(3, '0')}`);

describe('send logs', () => {
  test("a shard's 500 records are one item, written at a write unit per kilobyte, and each keeps its key and outcome", async () => {
    // Prepare
    const where = place('run-full', 'send-teaser', 7);
    const ids = customers('c', 500);
    const before = engineOf().usage.requests.get('PutItem') ?? 0;
    const unitsBefore = engineOf().usage.writeCapacity;

    // Act
    await engineOf().deps.stores.ledger.recordSends(
      records(where, ids, (id) => (id.endsWith('7') ? 'skipped_consent' : 'sent')),
      { logged: false },
    );

    // Assess
    expect((engineOf().usage.requests.get('PutItem') ?? 0) - before).toBe(1);
    // About 35 KB, against 500 write units for an item per message.
    expect(engineOf().usage.writeCapacity - unitsBefore).toBeLessThan(100);
    const logged = await engineOf().deps.stores.ledger.loggedSends(where);
    expect(logged.size).toBe(500);
    expect(logged.get('c-017')).toEqual({
      idempotencyKey: 'run-full/send-teaser/c-017',
      outcome: 'skipped_consent',
      at: AT,
    });
    expect(logged.get('c-018')?.outcome).toBe('sent');
  });

  test('the customers a run reached are those with a sent record, in disjoint parts', async () => {
    // Prepare: six shards of 20 customers; two send steps reach overlapping customers; some were skipped.
    const ids = customers('r', 120);
    const shardOf = (index: number) => Math.floor(index / 20);
    const { ledger } = engineOf().deps.stores;
    for (let shard = 0; shard < 6; shard += 1) {
      const ofShard = ids.filter((_, index) => shardOf(index) === shard);
      await ledger.recordSends(
        records(place('run-reach', 'first', shard), ofShard.slice(0, 14), (id) =>
          id.endsWith('0') ? 'skipped_unsubscribed' : 'sent',
        ),
        { logged: false },
      );
      await ledger.recordSends(
        records(place('run-reach', 'second', shard), ofShard.slice(10), () => 'sent'),
        {
          logged: false,
        },
      );
    }
    const expected = ids.filter((id, index) => index % 20 >= 10 || !id.endsWith('0'));

    // Act
    const whole = await ledger.reachedCustomers('preheat-618', 'run-reach');
    const parts = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        ledger.reachedCustomers('preheat-618', 'run-reach', { index, of: 4 }),
      ),
    );

    // Assess: a customer's records of both steps are in one part.
    expect(whole).toEqual(expected);
    expect(parts.flat().sort()).toEqual(expected);
    expect(parts.filter((part) => part.length > 0).length).toBe(4);
    expect(BUCKETS.sendLog % 4).toBe(0);
  });

  test('a later write keeps earlier records and replaces those it records again, and tallies them all', async () => {
    // Prepare: a shard deferred two customers and sent to one.
    const where = place('run-merge', 'send-nudge', 3);
    const { ledger } = engineOf().deps.stores;
    await ledger.recordSends(
      records(where, ['m-1', 'm-2', 'm-3'], (id) => (id === 'm-3' ? 'sent' : 'deferred_quiet_hours')),
      { logged: false },
    );

    // Act: the morning comes for m-1; then a retry that no longer sees m-1 or m-3 records m-2 alone.
    await ledger.recordSends(
      records(where, ['m-1'], () => 'sent', AT + 9 * 3_600_000),
      { logged: true },
    );
    const merged = await ledger.loggedSends(where);
    const tally = await ledger.recordSends(
      records(where, ['m-2'], () => 'capped'),
      { logged: false },
    );
    const after = await ledger.loggedSends(where);

    // Assess
    expect(Object.fromEntries([...merged].map(([id, entry]) => [id, entry.outcome]))).toEqual({
      'm-1': 'sent',
      'm-2': 'deferred_quiet_hours',
      'm-3': 'sent',
    });
    expect(merged.get('m-1')?.at).toBe(AT + 9 * 3_600_000);
    expect(Object.fromEntries([...after].map(([id, entry]) => [id, entry.outcome]))).toEqual({
      'm-1': 'sent',
      'm-2': 'capped',
      'm-3': 'sent',
    });
    expect(tally).toEqual({
      sent: 2,
      capped: 1,
      skipped_consent: 0,
      skipped_unsubscribed: 0,
      skipped_suppressed: 0,
      skipped_no_address: 0,
      skipped_no_device: 0,
      skipped_no_offer: 0,
      deferred_quiet_hours: 0,
      rejected: 0,
    });
  });

  test('writers of one item at once (an attempt beside its retry, overlapping ticks) lose none of each other’s records', async () => {
    // Prepare: eight writers, each with its own customers, on one shard's item.
    const where = place('run-race', 'send-nudge', 9);
    const writers = Array.from({ length: 8 }, (_, writer) => customers(`x${writer}`, 5));

    // Act
    await Promise.all(
      writers.map((ids, writer) =>
        engineOf().deps.stores.ledger.recordSends(
          records(where, ids, () => 'sent'),
          { logged: writer % 2 === 0 },
        ),
      ),
    );

    // Assess
    expect([...(await engineOf().deps.stores.ledger.loggedSends(where)).keys()].sort()).toEqual(
      writers.flat().sort(),
    );
  });
});
