import { forJourney } from '../runtime/journey-scope.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import type { Membership } from '../stores/enrollments.ts';
import type { FunnelCounts } from '../stores/funnel.ts';
import type { HoldoutGroup } from '../stores/holdout-passages.ts';
import type { CountedRow } from './landed-rows.ts';

/** The funnel columns a holdout step's rows take from the run's attribution: people and money. */
const STEP_METRICS = ['addedToCart', 'ordered', 'newCustomers', 'revenue', 'offerCost'] as const;

/**
 * The counts a run attributes to its members, carried on to the holdout steps each member has
 * passed, in the group they are in there: so a holdout step's rows measure the lift of the steps
 * after it, as the journey's own rows measure the whole journey's. A member who has not reached
 * the step yet (their order came first) counts at the journey only.
 */
export class HoldoutStepAttribution {
  readonly #pending: { membership: Membership; counts: FunnelCounts; event: string }[] = [];

  /** `event` names the event counted, among the events its rows count. */
  add(membership: Membership, counts: FunnelCounts, event: string): void {
    this.#pending.push({ membership, counts, event });
  }

  /** The rows to add, one per (run, step, group) with counts; one query per run, step and shard. */
  async rows(deps: RuntimeDeps): Promise<CountedRow[]> {
    const lookups = new Map<string, Promise<Map<string, HoldoutGroup>>>();
    const groupAt = (membership: Membership, stepId: string) => {
      const place = [membership.runId, stepId, membership.shard].join('\u0000');
      let lookup = lookups.get(place);
      if (!lookup) {
        lookup = forJourney(membership.journeyId, () =>
          deps.stores.holdoutPassages.groupsAt(membership.runId, stepId, membership.shard),
        );
        lookups.set(place, lookup);
      }
      return lookup.then((groups) => groups.get(membership.customerId));
    };
    const rows = new Map<string, { row: CountedRow['row'] & { counts: FunnelCounts }; events: string[] }>();
    for (const { membership, counts, event } of this.#pending) {
      const steps = (deps.catalog.journeys.get(membership.journeyId)?.steps ?? []).filter(
        (step) => step.kind === 'holdout',
      );
      for (const step of steps) {
        const group = await groupAt(membership, step.id);
        if (group === undefined) continue;
        const key = [membership.journeyId, membership.runId, step.id, group].join('\u0000');
        const known = rows.get(key) ?? {
          row: {
            journeyId: membership.journeyId,
            runId: membership.runId,
            stepId: step.id,
            variant: group,
            counts: {},
          },
          events: [],
        };
        known.events.push(event);
        const summed = known.row.counts as Record<string, number>;
        for (const metric of STEP_METRICS) {
          const value = counts[metric];
          if (value) summed[metric] = (summed[metric] ?? 0) + value;
        }
        rows.set(key, known);
      }
    }
    return [...rows.values()].filter(({ row }) => Object.keys(row.counts).length > 0);
  }
}
