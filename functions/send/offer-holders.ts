import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { PendingSend } from './send.ts';

/**
 * Who holds each owed message's offer in its run: the customers of its shard that the journey's
 * grant steps of that offer granted it to. One read per grant step and shard, not per customer.
 */
export async function offerHolders(
  pending: readonly PendingSend[],
  deps: RuntimeDeps,
): Promise<(send: PendingSend) => boolean> {
  const placeOf = (send: PendingSend) => `${send.runId}/${send.step.id}/${send.shard}`;
  const reads = new Map<string, Promise<Set<string>>>();
  for (const send of pending) {
    const offer = send.step.offer;
    if (!send.step.only_holders || offer === undefined || reads.has(placeOf(send))) continue;
    const grantSteps = (deps.catalog.journeys.get(send.journeyId)?.steps ?? [])
      .filter((step) => step.kind === 'grant' && step.offer === offer)
      .map((step) => step.id);
    reads.set(placeOf(send), deps.stores.ledger.holders(send.runId, grantSteps, send.shard));
  }
  const holders = new Map<string, Set<string>>();
  for (const [place, read] of reads) holders.set(place, await read);
  return (send) => holders.get(placeOf(send))?.has(send.customerId) ?? false;
}
