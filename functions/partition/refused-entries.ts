import type { Journey } from '../../workflows/schema/index.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { CohortMember } from '../commons/stores/cohorts.ts';
import { mapLimit } from '../commons/util/concurrency.ts';

/**
 * Takes the entries that `only` turned away off the customers' entry counts, so that max_entries
 * counts only entries that let them in. The entry is marked refused in the same write, so a
 * retried entry step takes nothing off twice, and a later entry replaces the record. Event
 * journeys only: a scheduled journey counts entries in its enrollments.
 */
export async function uncountRefused(
  journey: Journey | undefined,
  refused: readonly CohortMember[],
  deps: RuntimeDeps,
): Promise<void> {
  if (journey?.trigger.kind !== 'event' || journey.entry.max_entries === undefined) return;
  const journeyId = journey.id;
  await mapLimit(refused, 8, (member) =>
    deps.stores.customers.updateRecord(member.customerId, (record) => {
      const last = Object.hasOwn(record.entered, journeyId) ? record.entered[journeyId] : undefined;
      if (!record.profile || !last || last.refused || last.enteredAt !== member.enteredAt) return undefined;
      const entries = Math.max(0, (last.entries ?? 1) - 1);
      return {
        ...record,
        profile: record.profile,
        entered: { ...record.entered, [journeyId]: { ...last, entries, refused: true } },
      };
    }),
  );
}
