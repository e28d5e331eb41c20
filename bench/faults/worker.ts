// A worker process of `npm run faults`: takes fault points from its parent, runs each against the
// clean run's final state, and answers one result per point.
import type { FaultPoint } from '../../engine/faults/fault-points.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import type { FinalState } from './final-state.ts';
import { type ScenarioSpec, tryPoint } from './suite.ts';

/** What the parent sends: the scenario, the clean run's state, and the points this worker tries. */
export interface WorkOrder {
  readonly workspace: string;
  readonly spec: ScenarioSpec;
  readonly clean: FinalState;
  readonly points: readonly FaultPoint[];
}

// Without its parent there is no one to answer: stop.
process.once('disconnect', () => process.exit(1));

process.once('message', async (order: WorkOrder) => {
  const catalog = await catalogFromWorkspace(order.workspace);
  for (const point of order.points) {
    const result = await tryPoint(catalog, order.spec, order.clean, point);
    // Sent before the next point starts, and before the exit: a message still queued would be lost.
    await new Promise<void>((resolve) => process.send?.(result, undefined, {}, () => resolve()));
  }
  // The engine's SDK clients may keep a timer alive; the work is done.
  process.exit(0);
});
