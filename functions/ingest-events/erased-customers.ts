import type { CustomerEvent, EventResult } from '../../workflows/contracts/customer.ts';
import { isDeliveryEventName } from '../../workflows/contracts/delivery-events.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { ProfileReads } from '../commons/stores/customers.ts';

interface Indexed {
  readonly index: number;
  readonly event: CustomerEvent;
}

/**
 * The events that may be applied: not those of an erased customer dated before their erasure (a
 * late retry, a replayed file), which would bring their details back; those are answered as
 * rejected, as are reports about messages (a delivery, an open, a device the platform dropped),
 * which were sent before the erasure whenever they are dated. Only customers with no profile are
 * looked up, so a batch of known customers reads nothing more; an event of their own dated after
 * the erasure is a customer who came back, and is applied.
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
    if (erasedAt === undefined) return true;
    const erasedOn = new Date(erasedAt).toISOString();
    if (aboutEarlierMessage(event))
      return refuse(index, event, results, {
        path: 'name',
        message: `expected an event of the customer's own after their erasure at ${erasedOn}: a report about a message sent before it is not applied`,
      });
    if (Date.parse(event.at) > erasedAt) return true;
    return refuse(index, event, results, {
      path: 'at',
      message: `expected a time after the customer's erasure at ${erasedOn}: events from before an erasure are not applied`,
    });
  });
}

/** A provider's report about a message, or a device the platform dropped: not the customer coming back. */
const aboutEarlierMessage = (event: CustomerEvent) =>
  isDeliveryEventName(event.name) || event.name === 'device_unregistered';

function refuse(
  index: number,
  event: CustomerEvent,
  results: EventResult[],
  problem: { path: string; message: string },
): false {
  results[index] = { index, eventId: event.eventId, status: 'rejected', problems: [problem] };
  return false;
}
