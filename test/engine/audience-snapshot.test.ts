import { afterEach, expect, test } from 'vitest';
import { snapshotAudience } from '../../functions/snapshot-audience/snapshot-audience.ts';
import { compileJourney } from '../../workflows/compiler/compile.ts';
import { STATE } from '../../workflows/compiler/names.ts';
import type { CustomerProfile } from '../../workflows/contracts/customer.ts';
import { isHeldOut } from '../../workflows/evaluation/assignment.ts';
import type { Journey } from '../../workflows/schema/index.ts';
import { type Harness, playUntil, profile, startHarness } from '../support/engine/engine-harness.ts';

/**
 * A scheduled run snapshots its audience inside its own execution, one Map item per segment. The
 * local customer count is always 0 (dynalite does not keep ItemCount), so these tests fix the
 * number of segments with AUDIENCE_SEGMENTS.
 */

const SHANGHAI = 'Asia/Shanghai';
const PREHEAT_AT = '2027-06-11T02:00:00Z';
const started: Harness[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((harness) => harness.engine.stop()));
});

async function harnessWith(journeys: string[], segments: number): Promise<Harness> {
  const harness = await startHarness(journeys, PREHEAT_AT, {
    environment: { AUDIENCE_SEGMENTS: String(segments) },
  });
  started.push(harness);
  return harness;
}

async function membersOf(harness: Harness, runId: string): Promise<string[]> {
  const { cohorts } = harness.engine.deps.stores;
  const cohort = await cohorts.describe(runId);
  const shards = await Promise.all(cohort.shards.map((shard) => cohorts.members(runId, shard)));
  return shards
    .flat()
    .map((member) => member.customerId)
    .sort();
}

const members = (count: number, fields: Partial<CustomerProfile> = {}) =>
  Array.from({ length: count }, (_, index) =>
    profile(`m${String(index).padStart(4, '0')}`, {
      member: true,
      tier: 'A',
      consent: {},
      timezone: SHANGHAI,
      ...fields,
    }),
  );

test('an audience read in three segments is the whole audience, in shards no two segments share', async () => {
  // Prepare
  const harness = await harnessWith(['preheat-618'], 3);
  const audience = members(1_200);
  const outsider = profile('not-a-member', { member: false, consent: {}, timezone: SHANGHAI });
  await harness.engine.deps.stores.customers.putMany([...audience, outsider]);

  // Act
  const start = (await harness.engine.fireSchedule('preheat-618')) as { runId: string; segments: number };
  await harness.engine.clock.idle();

  // Assess: entry has already taken the holdout out of the shards; everyone else is there, once.
  expect(start.segments).toBe(3);
  const cohort = await harness.engine.deps.stores.cohorts.describe(start.runId);
  expect(cohort.size).toBe(1_200);
  const holdout = harness.engine.deps.catalog.journeys.get('preheat-618')?.holdout ?? 0;
  expect(await membersOf(harness, start.runId)).toEqual(
    audience
      .map((customer) => customer.customerId)
      .filter((customerId) => !isHeldOut('preheat-618', customerId, holdout))
      .sort(),
  );
  // Shard j of segment s is j * 3 + s, so every segment's shards are its own.
  expect(new Set(cohort.shards.map((shard) => shard % 3))).toEqual(new Set([0, 1, 2]));
  expect(harness.engine.lambdaInvocations['snapshot-audience']).toBe(3 + 1);
});

test("a past run's audience comes out the same whether one segment reads it or four", async () => {
  // Prepare: the same customers and the same campaign on two engines; half can be reached by SMS.
  const customers = [...members(30, { consent: { sms: true, email: true } }), ...members(60).slice(30)];
  const retouchAudience = async (segments: number) => {
    const harness = await harnessWith(['preheat-618', 'retouch-non-converters'], segments);
    await harness.engine.deps.stores.customers.putMany(customers);
    await harness.engine.fireSchedule('preheat-618');
    await playUntil(harness.engine, '2027-06-21T02:00:00Z');
    const retouch = (await harness.engine.fireSchedule('retouch-non-converters')) as {
      runId: string;
      segments: number;
    };
    await harness.engine.clock.idle();
    const cohort = await harness.engine.deps.stores.cohorts.describe(retouch.runId);
    return {
      segments: retouch.segments,
      size: cohort.size,
      members: await membersOf(harness, retouch.runId),
    };
  };

  // Act
  const one = await retouchAudience(1);
  const four = await retouchAudience(4);

  // Assess
  expect([one.segments, four.segments]).toEqual([1, 4]);
  expect(one.size).toBeGreaterThan(0);
  expect(four.size).toBe(one.size);
  expect(four.members).toEqual(one.members);
});

test('a retried segment that finds fewer customers clears the shards its first attempt wrote beyond them', async () => {
  // Prepare: a first attempt of the only segment wrote 1,200 members in three shards.
  const harness = await harnessWith(['preheat-618'], 1);
  const audience = members(1_200);
  await harness.engine.deps.stores.customers.putMany(audience);
  const run = {
    journeyId: 'preheat-618',
    journeyVersion: 1,
    runId: 'preheat-618-retried',
    startedAt: PREHEAT_AT,
  };
  const task = {
    operation: 'segment',
    run,
    cohortId: run.runId,
    segment: 0,
    segments: 1,
    pastRunId: null,
  } as const;
  await snapshotAudience(task, harness.engine.deps);
  // Before the retry, 800 of them stopped being members.
  await harness.engine.deps.stores.customers.putMany(
    audience.slice(400).map((customer) => ({ ...customer, member: false })),
  );

  // Act
  const retry = await snapshotAudience(task, harness.engine.deps);

  // Assess
  expect(retry).toEqual({ customers: 400, shards: 1 });
  expect(await harness.engine.deps.stores.cohorts.describe(run.runId)).toEqual({
    id: run.runId,
    shards: [0],
    size: 400,
  });
});

test('a re-touch whose past run never happened snapshots nobody and runs an empty cohort', async () => {
  // Prepare
  const harness = await harnessWith(['preheat-618', 'retouch-non-converters'], 2);
  await harness.engine.deps.stores.customers.putMany(members(10));

  // Act
  const start = (await harness.engine.fireSchedule('retouch-non-converters')) as {
    runId: string;
    pastRunId: string | null;
  };
  await harness.engine.clock.idle();

  // Assess
  expect(start.pastRunId).toBeNull();
  expect(await harness.engine.deps.stores.cohorts.describe(start.runId)).toEqual({
    id: start.runId,
    shards: [],
    size: 0,
  });
  // Nobody to enter: from the snapshot the run goes straight to its end, entering no step of the journey.
  const execution = harness.engine.executions.list().find((candidate) => candidate.name === start.runId);
  expect(execution?.status).toBe('SUCCEEDED');
  const definition = compileJourney(
    harness.engine.deps.catalog.journeys.get('retouch-non-converters') as Journey,
  );
  const path = [STATE.snapshot, STATE.describeCohort, STATE.anyoneToEnter, STATE.done];
  expect(execution?.stats?.standardTransitions).toBe(
    path.length + (definition.StartAt === STATE.route ? 1 : 0),
  );
});
