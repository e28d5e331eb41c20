/** An event the events API accepted (or found a duplicate of), and what it should have added to its customer's profile. */
export interface AcceptedEvent {
  readonly eventId: string;
  readonly customerId: string;
  /** A purchase's order value: one more order and this much more spend. */
  readonly orderValue?: number;
}

/** What the tables hold for the load's customers after it. */
export interface AppliedState {
  /** Timeline items per event id, over every load customer's timeline. */
  readonly timelineItems: ReadonlyMap<string, number>;
  /** Each load customer's profile counters; a customer with no profile is missing. */
  readonly profiles: ReadonlyMap<string, { readonly orderCount: number; readonly totalSpend: number }>;
}

/** Whether each accepted event was applied exactly once. */
export interface ExactlyOnceTally {
  readonly accepted: number;
  /** Accepted events with exactly one timeline item. */
  readonly appliedOnce: number;
  /** Accepted events with no timeline item. */
  readonly lost: number;
  /** Accepted events with more than one timeline item. */
  readonly doubled: number;
  /** Timeline items of events that were never accepted (a failed event that was applied all the same). */
  readonly unaccepted: number;
  /** Customers whose order count or spend differs from the sum of their accepted purchases. */
  readonly counterMismatches: readonly {
    readonly customerId: string;
    readonly expected: { readonly orderCount: number; readonly totalSpend: number };
    readonly found?: { readonly orderCount: number; readonly totalSpend: number };
  }[];
}

/** Spend is summed in floating point in both places, so compare it to the cent. */
const CENT = 0.005;

export function tallyExactlyOnce(accepted: readonly AcceptedEvent[], state: AppliedState): ExactlyOnceTally {
  let appliedOnce = 0;
  let lost = 0;
  let doubled = 0;
  const acceptedIds = new Set<string>();
  const expected = new Map<string, { orderCount: number; totalSpend: number }>();
  for (const event of accepted) {
    acceptedIds.add(event.eventId);
    const items = state.timelineItems.get(event.eventId) ?? 0;
    if (items === 0) lost += 1;
    else if (items === 1) appliedOnce += 1;
    else doubled += 1;
    const counters = expected.get(event.customerId) ?? { orderCount: 0, totalSpend: 0 };
    if (event.orderValue !== undefined) {
      counters.orderCount += 1;
      counters.totalSpend += event.orderValue;
    }
    expected.set(event.customerId, counters);
  }
  let unaccepted = 0;
  for (const [eventId, items] of state.timelineItems) if (!acceptedIds.has(eventId)) unaccepted += items;
  const counterMismatches = [...expected]
    .filter(([customerId, counters]) => {
      const found = state.profiles.get(customerId);
      return (
        !found ||
        found.orderCount !== counters.orderCount ||
        Math.abs(found.totalSpend - counters.totalSpend) > CENT
      );
    })
    .map(([customerId, counters]) => {
      const found = state.profiles.get(customerId);
      return { customerId, expected: counters, ...(found ? { found } : {}) };
    });
  return { accepted: accepted.length, appliedOnce, lost, doubled, unaccepted, counterMismatches };
}
