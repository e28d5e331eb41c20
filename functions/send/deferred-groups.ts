import type { DeferredGroup } from '../commons/stores/deferrals.ts';
import type { PendingSend } from './send.ts';

/** Deferrals grouped by the shard and step they came from: a shard files one group. */
export function deferredGroups(deferrals: readonly { send: PendingSend; dueAt: number }[]): DeferredGroup[] {
  const groups = new Map<
    string,
    { id: string; payload: Record<string, unknown>; dueAt: Map<string, number> }
  >();
  for (const { send, dueAt } of deferrals) {
    const { customerId, ...payload } = send;
    const id = [send.runId, send.step.id, send.cohortId, send.shard].join('/');
    const group = groups.get(id) ?? { id, payload, dueAt: new Map<string, number>() };
    group.dueAt.set(customerId, dueAt);
    groups.set(id, group);
  }
  return [...groups.values()];
}
