import { durationSeconds } from '../../workflows/language/duration.ts';
import { customersWhoDid } from '../commons/cohorts/shard-task.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { PendingSend } from '../send/send.ts';

/**
 * The customers of one run's deferred sends who reached the journey's goal since their shard
 * deferred them: a send held for opening hours may wait days, and one who bought on Saturday
 * must not get Monday's cart email. The same check as before every step, on the run's signals.
 */
export async function reachedGoalSince(
  sends: readonly PendingSend[],
  deps: RuntimeDeps,
): Promise<Set<string>> {
  const [first] = sends;
  const journey = first && deps.catalog.journeys.get(first.journeyId);
  const goal = journey?.goal;
  if (!first || !journey || !goal) return new Set();
  const [record] = await deps.stores.runs.runsOf([{ journeyId: first.journeyId, runId: first.runId }]);
  if (!record) return new Set();
  const run = {
    journeyId: first.journeyId,
    journeyVersion: journey.version,
    runId: first.runId,
    startedAt: new Date(record.startedAt).toISOString(),
  };
  const until = Math.min(deps.clock.now(), record.startedAt + durationSeconds(goal.within) * 1000);
  const reached = new Set<string>();
  for (const shard of new Set(sends.map((send) => send.shard))) {
    const did = await customersWhoDid(deps, { run, shard }, goal.event, goal.where, until);
    for (const send of sends)
      if (send.shard === shard && did.has(send.customerId)) reached.add(send.customerId);
  }
  return reached;
}
