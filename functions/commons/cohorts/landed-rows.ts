import { createHash } from 'node:crypto';
import { forJourney } from '../runtime/journey-scope.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import type { FunnelRow } from '../stores/funnel.ts';

/** A funnel row to write, and the events it counts (each `customerId\u0000eventId`). */
export interface CountedRow {
  readonly row: FunnelRow;
  readonly events: readonly string[];
}

/**
 * Funnel rows counted from events, each set in a row of its own named after the events it counts
 * (or after the task, when one is given), so that writing it again replaces it: the SDK's resend
 * of a write whose answer was lost, or a retry of the same events, counts them once. A batch that
 * fails deletes the rows it wrote, since the client may send its events again in another batch.
 */
export class LandedRows {
  readonly #written: { row: FunnelRow; digest: string }[] = [];

  /** `task` names the rows of a shard task, whose retry recounts the same members. */
  constructor(private readonly task?: string) {}

  async set(deps: RuntimeDeps, { row, events }: CountedRow): Promise<void> {
    const { funnel } = deps.stores;
    if (this.task !== undefined) {
      const task = this.task;
      await forJourney(row.journeyId, () => funnel.set(row, task));
      return;
    }
    const digest = digestOf(events);
    // Noted before the write: a write that throws may still have landed.
    this.#written.push({ row, digest });
    await forJourney(row.journeyId, () => funnel.setFromEvents(row, digest));
  }

  /** Deletes every row of events `set` was asked to write, once; a task's retry replaces its own. */
  async undo(deps: RuntimeDeps): Promise<void> {
    const written = this.#written.splice(0);
    await Promise.all(
      written.map(({ row, digest }) =>
        forJourney(row.journeyId, () => deps.stores.funnel.unsetFromEvents(row, digest)),
      ),
    );
  }
}

/** 128 bits of a digest of the events, in any order: no customer id in a funnel key. */
function digestOf(events: readonly string[]): string {
  const hash = createHash('sha256');
  for (const event of [...new Set(events)].sort()) hash.update(event).update('\n');
  return hash.digest('base64url').slice(0, 22);
}

/** The key of an event among the events a row counts. */
export const eventKey = (customerId: string, eventId: string) => `${customerId}\u0000${eventId}`;
