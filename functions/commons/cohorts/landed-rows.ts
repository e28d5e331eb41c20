import { forJourney } from '../runtime/journey-scope.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import type { FunnelRow } from '../stores/funnel.ts';

/** A funnel row to add, and the customer id that picks its bucket. */
export interface RowToAdd {
  readonly row: FunnelRow;
  readonly hint: string;
}

/**
 * The funnel rows a batch added, kept so that a batch that fails after adding some can take them
 * back: the client sends it again, and its retry adds them once more.
 */
export class LandedRows {
  readonly #landed: RowToAdd[] = [];

  /** Adds the row to the funnel, noting it once it has landed. */
  async add(deps: RuntimeDeps, entry: RowToAdd): Promise<void> {
    await forJourney(entry.row.journeyId, () => deps.stores.funnel.add(entry.row, entry.hint));
    this.#landed.push(entry);
  }

  /** Adds the negative of every row that landed, once. */
  async undo(deps: RuntimeDeps): Promise<void> {
    const landed = this.#landed.splice(0);
    await Promise.all(
      landed.map(({ row, hint }) =>
        forJourney(row.journeyId, () =>
          deps.stores.funnel.add({ ...row, counts: negated(row.counts) }, hint),
        ),
      ),
    );
  }
}

function negated(counts: FunnelRow['counts']): FunnelRow['counts'] {
  return Object.fromEntries(Object.entries(counts).map(([name, value]) => [name, -(value ?? 0)]));
}
