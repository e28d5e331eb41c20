import { afterEach, expect, test } from 'vitest';
import { type Harness, profile, startHarness } from '../support/engine/engine-harness.ts';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.engine.stop();
  harness = undefined;
});

const members = ['m1', 'm2', 'm3'].map((id) =>
  profile(id, { member: true, tier: 'E', consent: { email: true }, timezone: 'Asia/Shanghai' }),
);

test('a scheduled journey with "reentry: never" admits nobody twice when it fires again', async () => {
  // Prepare
  harness = await startHarness(['preheat-618'], '2027-06-11T02:00:00Z');
  await harness.engine.deps.stores.customers.putMany(members);
  // Act
  const first = (await harness.engine.fireSchedule('preheat-618')) as { runId: string };
  await harness.engine.advanceTo(Date.parse('2027-06-11T03:00:00Z'));
  const second = (await harness.engine.fireSchedule('preheat-618')) as { runId: string };
  await harness.engine.clock.idle();
  // Assess: each run's execution snapshotted its own cohort.
  expect((await cohortOf(first.runId)).size).toBe(3);
  expect(await cohortOf(second.runId)).toEqual({ id: second.runId, shards: [], size: 0 });
});

async function cohortOf(runId: string) {
  return (harness as Harness).engine.deps.stores.cohorts.describe(runId);
}

test('a retried start of the same scheduled run keeps its whole audience', async () => {
  // Prepare
  harness = await startHarness(['preheat-618'], '2027-06-11T02:00:00Z');
  await harness.engine.deps.stores.customers.putMany(members);
  // Act: the same scheduled time fires twice, as a retried Scheduler invocation would.
  const first = (await harness.engine.fireSchedule('preheat-618')) as { runId: string };
  const retry = (await harness.engine.fireSchedule('preheat-618')) as { runId: string };
  await harness.engine.clock.idle();
  // Assess
  expect(retry.runId).toBe(first.runId);
  expect(harness.engine.executions.list().filter((execution) => execution.name === first.runId)).toHaveLength(
    1,
  );
  expect((await cohortOf(first.runId)).size).toBe(3);
});
