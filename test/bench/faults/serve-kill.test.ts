import { expect, test } from 'vitest';
import { killServeAndRetry } from '../../../bench/faults/serve-kill.ts';

/**
 * One kill of `npm run faults -- --serve-kill N` on a small load: `journeys serve` killed with
 * SIGKILL while two clients post events, restarted on its data folder, the unanswered batches
 * posted again (docs/reliability.md, "Fault injection").
 */
// A kill within 10 ms of an answer in the first half, so it comes before the last batch is answered.
const LOAD = { events: 60, batchSize: 5, clients: 2, killWithinMs: 10 };

test('journeys serve killed under POST /events and restarted applies each event answered 200 once', async () => {
  // Act
  const [result] = await killServeAndRetry(1, 618, () => {}, LOAD);
  // Assess
  expect(result?.givenUp).toBe(0);
  expect(result?.tally).toEqual({
    accepted: LOAD.events,
    appliedOnce: LOAD.events,
    lost: 0,
    doubled: 0,
    unaccepted: 0,
    counterMismatches: [],
  });
  // The load was cut: some events were answered before the kill, the rest after the restart.
  expect(result?.answeredBeforeKill).toBeGreaterThan(0);
  expect(result?.answeredBeforeKill).toBeLessThan(LOAD.events);
}, 120_000);
