import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import { type DeferredGroup, type FinishedGroup, hourOf } from '../stores/deferrals.ts';
import type { OutgoingMessage } from './channel-adapter.ts';
import type { PacedPending } from './paced-delivery.ts';

/** A paced message that will not go out now: at its slot, or (without one) after quiet hours, where it takes a new one. */
export interface Deferral {
  readonly message: OutgoingMessage;
  readonly slot?: number;
  readonly dueAt: number;
}

/**
 * Files the deferrals per shard, step and due hour, each customer with its slot, as sends the
 * ticker delivers. A tick then takes them out of the items it found them in, so a retry of the
 * tick never files them again.
 */
export async function fileForRate(
  deferrals: readonly Deferral[],
  sends: ReadonlyMap<string, PacedPending>,
  deps: RuntimeDeps,
  filing: { readonly now: number; readonly idSuffix: string },
): Promise<void> {
  if (deferrals.length === 0) return;
  type PacedGroup = {
    id: string;
    payload: Record<string, unknown>;
    slots: Record<string, number>;
    dueAt: Map<string, number>;
  };
  const groups = new Map<string, PacedGroup>();
  const sources = new Map<string, FinishedGroup & { due: string[] }>();
  for (const { message, slot, dueAt } of deferrals) {
    const send = sends.get(message.idempotencyKey);
    if (!send) throw new Error(`no owed send for the paced message ${message.idempotencyKey}`);
    const { customerId, pacedSlots: _carried, deferredFrom, ...payload } = send;
    const id = `${[send.runId, send.step.id, send.cohortId, send.shard].join('/')}/paced${filing.idSuffix}`;
    // One group per due hour, so each hour's item carries only its own customers' slots.
    const key = `${id}\u0000${hourOf(dueAt)}`;
    const group: PacedGroup = groups.get(key) ?? { id, payload, slots: {}, dueAt: new Map() };
    if (slot !== undefined) group.slots[customerId] = slot;
    group.dueAt.set(customerId, dueAt);
    groups.set(key, group);
    if (!deferredFrom) continue;
    const sourceKey = `${deferredFrom.id}\u0000${deferredFrom.place.hour}`;
    const source = sources.get(sourceKey) ?? { ...deferredFrom, due: [], dueLater: true };
    source.due.push(customerId);
    sources.set(sourceKey, source);
  }
  const filed: DeferredGroup[] = [...groups.values()].map(({ id, payload, slots, dueAt }) => ({
    id,
    payload: { ...payload, pacedSlots: slots },
    dueAt,
  }));
  const places = await Promise.all(filed.map((group) => deps.stores.ledger.defer(group)));
  await Promise.all(places.flat().map((place) => deps.stores.pendingWork.markDeferred(place, filing.now)));
  // Taken out of their items (`dueLater` keeps the rest there), now that they are filed anew.
  await deps.stores.ledger.finishDeferred([...sources.values()]);
  deps.metrics.addMetric('SendsDeferredForRate', 'Count', deferrals.length);
}
