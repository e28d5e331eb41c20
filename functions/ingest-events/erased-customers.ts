import type { CustomerEvent, EventResult } from '../../workflows/contracts/customer.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { ProfileReads } from '../commons/stores/customers.ts';

interface Indexed {
  readonly index: number;
  readonly event: CustomerEvent;
}

/**
 * The events that may be applied: not those of an erased customer dated before their erasure (a
 * late retry, a replayed file), which would bring their details back; those are answered as
 * rejected. Only customers with no profile are looked up, so a batch of known customers reads
 * nothing more; one dated after the erasure is a customer who came back, and is applied.
 */
export async function withoutErased(
  events: readonly Indexed[],
  profiles: ProfileReads,
  deps: RuntimeDeps,
  results: EventResult[],
): Promise<Indexed[]> {
  const unknown = [...new Set(events.map(({ event }) => event.customerId).filter((id) => !profiles.get(id)))];
  if (unknown.length === 0) return [...events];
  const erased = await deps.stores.erasures.wereErased(unknown);
  return events.filter(({ index, event }) => {
    const erasedAt = erased.get(event.customerId);
    if (erasedAt === undefined || Date.parse(event.at) > erasedAt) return true;
    results[index] = {
      index,
      eventId: event.eventId,
      status: 'rejected',
      problems: [
        {
          path: 'at',
          message: `expected a time after the customer's erasure at ${new Date(erasedAt).toISOString()}: events from before an erasure are not applied`,
        },
      ],
    };
    return false;
  });
}
