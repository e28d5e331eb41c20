import {
  type CohortDescriptor,
  eventLabel,
  type ForkTask,
  subCohortId,
} from '../../workflows/contracts/execution.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';

/**
 * Turns the sub-cohorts a partition wrote into cohorts: each route but the one this execution
 * continues with starts an execution of its own at its step. Execution names derive from the
 * sub-cohort ids, so a retried fork starts nothing twice.
 */
export async function forkCohort(task: ForkTask, deps: RuntimeDeps): Promise<CohortDescriptor> {
  let continuing: CohortDescriptor | undefined;
  let moved = 0;
  for (const route of task.routes) {
    const label = task.check === undefined ? route.label : eventLabel(task.check);
    const cohort = await deps.stores.cohorts.describe(
      subCohortId(task.parent.id, task.stepId, label, task.run.runId),
    );
    if (route.label === task.continueWith) {
      continuing = cohort;
      continue;
    }
    moved += cohort.size;
    // The run names the version this execution runs, so the child starts on it, never on a newer one.
    if (cohort.size > 0)
      await deps.executions.start(task.run.journeyId, cohort.id, { run: task.run, cohort, at: route.at });
  }
  return continuing ?? { ...task.parent, size: Math.max(0, task.parent.size - moved) };
}
