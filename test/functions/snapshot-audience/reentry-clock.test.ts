import { afterAll, beforeAll, expect, test } from 'vitest';
import { LocalEngine } from '../../../engine/engine.ts';
import { DAY_MS } from '../../../functions/commons/runtime/clock.ts';
import { snapshotAudience } from '../../../functions/snapshot-audience/snapshot-audience.ts';
import type { SnapshotSegmentTask } from '../../../workflows/contracts/execution.ts';
import type { Journey } from '../../../workflows/schema/index.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';
import { profile } from '../../support/engine/engine-harness.ts';

/**
 * A daily refresh with a one-day re-entry cooldown: the Scheduler fires a little after each
 * scheduled time, yet the customer must enter every run. The cooldown runs between the runs'
 * scheduled times, not between the moments the Lambda happened to run.
 */

const FIRST_RUN = Date.parse('2027-06-11T02:00:00Z');
const JITTER_MS = 40_000;
let engine: LocalEngine | undefined;

beforeAll(async () => {
  const catalog = await catalogFromWorkspace('test/fixtures/workspaces/journey-settings', [
    'refreshed-welcome',
  ]);
  const journey = catalog.journeys.get('refreshed-welcome') as Journey;
  const reentering = { ...journey, entry: { ...journey.entry, reentry: { after: '1d' } } };
  engine = await LocalEngine.start({
    catalog: { ...catalog, journeys: new Map([[journey.id, reentering]]) },
    startAt: FIRST_RUN,
  });
  await engine.deps.stores.customers.putMany([
    profile('m-1', { member: true, consent: {}, timezone: 'Asia/Shanghai' }),
  ]);
});
afterAll(async () => {
  await engine?.stop();
});

const task = (startedAt: number): SnapshotSegmentTask => {
  const runId = `refreshed-welcome-${startedAt}`;
  return {
    operation: 'segment',
    run: {
      journeyId: 'refreshed-welcome',
      journeyVersion: 1,
      runId,
      startedAt: new Date(startedAt).toISOString(),
    },
    cohortId: runId,
    segment: 0,
    segments: 1,
    pastRunId: null,
  };
};

test('a customer re-enters the refresh one cooldown after their last run, however late each snapshot ran', async () => {
  if (!engine) throw new Error('the engine did not start');

  // Act: each run's snapshot runs late, the second less late than the first.
  await engine.clock.advanceTo(FIRST_RUN + JITTER_MS);
  const first = await snapshotAudience(task(FIRST_RUN), engine.deps);
  await engine.clock.advanceTo(FIRST_RUN + DAY_MS + JITTER_MS / 4);
  const second = await snapshotAudience(task(FIRST_RUN + DAY_MS), engine.deps);

  // Assess
  expect(first).toEqual({ customers: 1, shards: 1 });
  expect(second).toEqual({ customers: 1, shards: 1 });
});
