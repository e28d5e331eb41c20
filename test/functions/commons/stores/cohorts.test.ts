import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, test } from 'vitest';
import { documentClientOf } from '../../../../functions/commons/dynamo/create-client.ts';
import { stateKeys } from '../../../../functions/commons/dynamo/keys.ts';
import { expiresAt, RETENTION } from '../../../../functions/commons/dynamo/ttl.ts';
import { type CohortMember, SHARD_SIZE } from '../../../../functions/commons/stores/cohorts.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** The cohort store on dynalite: a shard is one item, read, thinned and described as a whole. */

const engineOf = useLocalEngine(Date.UTC(2027, 5, 1));
let serial = 0;

const store = () => engineOf().deps.stores.cohorts;
const freshCohort = () => `cohort-test-${++serial}`;
const membersOf = (count: number, prefix = 'c'): CohortMember[] =>
  Array.from({ length: count }, (_, index) => ({
    customerId: `${prefix}${String(index).padStart(4, '0')}`,
    enteredAt: 1_000 + index,
  }));

/** Write units one call used, from the engine's own accounting. */
async function writeUnitsOf(work: () => Promise<unknown>): Promise<number> {
  const before = engineOf().usage.writeCapacity;
  await work();
  return engineOf().usage.writeCapacity - before;
}

describe('DynamoCohortStore', () => {
  test('reads back a full shard in customer order, with entry times', async () => {
    // Prepare
    const cohortId = freshCohort();
    const members = membersOf(SHARD_SIZE).reverse();

    // Act
    await store().writeShard(cohortId, 3, members);

    // Assess
    const read = await store().members(cohortId, 3);
    expect(read).toHaveLength(SHARD_SIZE);
    expect(read[0]).toEqual({ customerId: 'c0000', enteredAt: 1_000 });
    expect(read.map((member) => member.customerId)).toEqual(
      members.map((member) => member.customerId).sort(),
    );
  });

  test('writes a 500-member shard for a few write units, not one per customer', async () => {
    // Act
    const units = await writeUnitsOf(() => store().writeShard(freshCohort(), 0, membersOf(SHARD_SIZE)));

    // Assess
    expect(units).toBeLessThan(SHARD_SIZE / 10);
  });

  test('removes members, in several updates when there are many, and ignores absent ones', async () => {
    // Prepare
    const cohortId = freshCohort();
    await store().writeShard(cohortId, 0, membersOf(300));
    const leaving = membersOf(250).map((member) => member.customerId);

    // Act
    await store().removeMembers(cohortId, 0, [...leaving, 'never-a-member', leaving[0] as string]);

    // Assess
    expect((await store().members(cohortId, 0)).map((member) => member.customerId)).toEqual(
      membersOf(300)
        .slice(250)
        .map((member) => member.customerId),
    );
  });

  test('a removal with a reason notes who left and why in the same write; a later move into the shard keeps the notes', async () => {
    // Prepare: 150 members, so the removal takes two updates
    const cohort = freshCohort();
    const members = membersOf(160, 'x');
    await store().writeShard(cohort, 0, members);
    const leaving = members.slice(0, 150).map((member) => member.customerId);

    // Act
    await store().removeMembers(cohort, 0, leaving, 'send-coupon');
    await store().removeMembers(cohort, 0, ['x0150'], '$holdout');
    await store().addToShard(cohort, 0, membersOf(2, 'y'));
    const shard = await store().read(cohort, 0);

    // Assess
    expect(shard.members.map((member) => member.customerId)).toEqual([
      ...members.slice(151).map((member) => member.customerId),
      'y0000',
      'y0001',
    ]);
    expect([...shard.exited.values()].filter((why) => why === 'send-coupon')).toHaveLength(150);
    expect(shard.exited.get('x0150')).toBe('$holdout');
    expect(shard.exited.has('x0151')).toBe(false);
  });

  test('a shard never written has no members, and removing from it changes nothing', async () => {
    // Prepare
    const cohortId = freshCohort();

    // Act
    await store().removeMembers(cohortId, 7, ['c0001']);

    // Assess
    expect(await store().members(cohortId, 7)).toEqual([]);
    expect(await store().describe(cohortId)).toEqual({ id: cohortId, shards: [], size: 0 });
  });

  test('a rewrite of a shard replaces its members and its registered size', async () => {
    // Prepare
    const cohortId = freshCohort();
    await store().writeShard(cohortId, 0, membersOf(10));

    // Act
    await store().writeShard(cohortId, 0, membersOf(4, 'd'));

    // Assess
    expect((await store().members(cohortId, 0)).map((member) => member.customerId)).toEqual([
      'd0000',
      'd0001',
      'd0002',
      'd0003',
    ]);
    expect(await store().describe(cohortId)).toEqual({ id: cohortId, shards: [0], size: 4 });
  });

  test('adding to a shard keeps who is there: a retried move adds what it still finds', async () => {
    // Prepare: a first attempt moved c0000-c0004, then failed before removing them all from the parent.
    const cohortId = freshCohort();
    await store().addToShard(cohortId, 4, membersOf(5));

    // Act: the retry finds only c0003-c0009 still to move.
    await store().addToShard(cohortId, 4, membersOf(10).slice(3));

    // Assess
    expect((await store().members(cohortId, 4)).map((member) => member.customerId)).toEqual(
      membersOf(10).map((member) => member.customerId),
    );
    expect(await store().describe(cohortId)).toEqual({ id: cohortId, shards: [4], size: 10 });
  });

  test('writing no members clears a shard and takes it out of the cohort', async () => {
    // Prepare
    const cohortId = freshCohort();
    await store().writeShard(cohortId, 0, membersOf(3));
    await store().writeShard(cohortId, 1, membersOf(2, 'y'));

    // Act
    await store().writeShard(cohortId, 1, []);

    // Assess
    expect(await store().members(cohortId, 1)).toEqual([]);
    expect(await store().describe(cohortId)).toEqual({ id: cohortId, shards: [0], size: 3 });
  });

  test('describes a cohort from the shards written, in shard order, skipping empty ones', async () => {
    // Prepare
    const cohortId = freshCohort();
    await store().writeShard(cohortId, 2, membersOf(5));
    await store().writeShard(cohortId, 0, membersOf(3, 'x'));
    await store().writeShard(cohortId, 1, []);

    // Act
    const cohort = await store().describe(cohortId);

    // Assess
    expect(cohort).toEqual({ id: cohortId, shards: [0, 2], size: 8 });
  });

  test("a shard and its registry entry expire a retention after the engine's clock, not the wall clock", async () => {
    // Prepare
    const cohortId = freshCohort();
    const raw = documentClientOf(
      new DynamoDBClient({
        endpoint: engineOf().dynamoEndpoint,
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    const expiresAtOf = async (key: { pk: string; sk: string }) =>
      (await raw.get({ TableName: engineOf().deps.config.STATE_TABLE, Key: key })).Item?.expiresAt;

    // Act
    await store().writeShard(cohortId, 1, membersOf(3));

    // Assess
    const expected = expiresAt(engineOf().clock.now(), RETENTION.cohortShard);
    expect(await expiresAtOf(stateKeys.cohortShard(cohortId, 1))).toBe(expected);
    expect(await expiresAtOf(stateKeys.cohortRegistry(cohortId, 1))).toBe(expected);
  });

  test('refuses a shard larger than a shard can be', async () => {
    // Act
    const failure = store().writeShard(freshCohort(), 0, membersOf(SHARD_SIZE + 1));

    // Assess
    await expect(failure).rejects.toThrow(/at most 500 fit/);
  });
});
