import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import { journeyLane } from '../stores/send-rate.ts';
import type { OutgoingMessage } from './channel-adapter.ts';
import { type Slotted, slotIntervalUs, slotTimes } from './pacing.ts';

/** A journey's own send rate (limits.send_rate), if it has one. */
export function journeyRateOf(deps: RuntimeDeps, journeyId: string): number | undefined {
  return deps.catalog.journeys.get(journeyId)?.limits?.send_rate;
}

/**
 * Applies each journey's own send rate on top of its channels': the messages of a journey with a
 * rate reserve a run of slots on the journey's lane, and each goes at the later of its channel
 * slot and its journey slot. Messages that carry a slot from an earlier deferral keep it: it was
 * taken on both lanes already. A message held past its channel slot leaves that slot unused and
 * may share a later 100 ms window with another message of the channel: the channel's rate then
 * holds to within one message per journey-paced message in that window.
 */
export async function withJourneyRates(
  slotted: readonly Slotted<OutgoingMessage>[],
  unpaced: readonly OutgoingMessage[],
  context: {
    readonly deps: RuntimeDeps;
    readonly now: number;
    /** The slot a message carries from its deferral, if it is still ahead. */
    readonly carried: (message: OutgoingMessage) => number | undefined;
  },
): Promise<{ slotted: Slotted<OutgoingMessage>[]; unpaced: OutgoingMessage[] }> {
  const { deps, now } = context;
  const entries = [
    ...slotted,
    ...unpaced.map((message) => ({ item: message, at: undefined as number | undefined })),
  ];
  const byJourney = new Map<string, { entry: (typeof entries)[number]; rate: number }[]>();
  const outSlotted: Slotted<OutgoingMessage>[] = [];
  const outUnpaced: OutgoingMessage[] = [];
  for (const entry of entries) {
    const rate = journeyRateOf(deps, entry.item.journeyId);
    const carried = context.carried(entry.item);
    if (rate === undefined) {
      if (entry.at === undefined) outUnpaced.push(entry.item);
      else outSlotted.push({ item: entry.item, at: entry.at });
    } else if (carried !== undefined) {
      outSlotted.push({ item: entry.item, at: Math.max(carried, entry.at ?? carried) });
    } else {
      const group = byJourney.get(entry.item.journeyId) ?? [];
      group.push({ entry, rate });
      byJourney.set(entry.item.journeyId, group);
    }
  }
  for (const [journeyId, group] of byJourney) {
    const rate = group[0]?.rate ?? 1;
    // In key order, as a shard takes its channel slots.
    const ordered = [...group].sort((a, b) =>
      a.entry.item.idempotencyKey < b.entry.item.idempotencyKey ? -1 : 1,
    );
    const first = await deps.stores.sendRates.reserve(journeyLane(journeyId), ordered.length, now, rate);
    const times = slotTimes(first, ordered.length, slotIntervalUs(rate));
    ordered.forEach(({ entry }, index) => {
      const journeySlot = times[index] ?? now;
      outSlotted.push({ item: entry.item, at: Math.max(journeySlot, entry.at ?? journeySlot) });
    });
  }
  return { slotted: outSlotted, unpaced: outUnpaced };
}
