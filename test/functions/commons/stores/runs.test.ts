import { expect, test } from 'vitest';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** Run records on dynalite: a failed cohort counts once, however often its failure is recorded. */

const AT = Date.UTC(2027, 5, 11, 13, 0);
const engineOf = useLocalEngine(AT);

test("a cohort's failure recorded again (a retried record task) counts once; another cohort's counts too", async () => {
  // Prepare
  const { runs } = engineOf().deps.stores;
  await runs.create({
    journeyId: 'cart-nudge',
    runId: 'run-f',
    journeyVersion: 1,
    startedAt: AT,
    trigger: 'event',
  });

  // Act
  await runs.recordFailure('cart-nudge', 'run-f', 'cohort-1', 'Error: throttled');
  await runs.recordFailure('cart-nudge', 'run-f', 'cohort-1', 'Error: throttled');
  await runs.recordFailure('cart-nudge', 'run-f', 'cohort-2', 'Error: timed out');

  // Assess
  const [run] = await runs.runsOf([{ journeyId: 'cart-nudge', runId: 'run-f' }]);
  expect([run?.failures, run?.lastFailure]).toEqual([2, 'Error: timed out']);
  expect((await runs.runs('cart-nudge')).map((each) => each.failures)).toEqual([2]);
});
