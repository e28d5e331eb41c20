import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { ProfileRecord } from '../commons/stores/customers.ts';
import { newProfile } from './profile-update.ts';

/** A profile record a batch wrote, and the one it replaced. */
export interface WrittenRecord {
  readonly before: ProfileRecord;
  readonly after: ProfileRecord;
}

/**
 * Leaves a customer of a failed batch as they were before it, so the client's retry applies the
 * batch once: the record it replaced is put back, as long as nobody wrote since. The journey
 * entries it noted stay, so a retried entry goes to the window it was buffered in, not a second
 * one; a profile the batch created is put back as the empty profile it started from, with those
 * entries. If someone wrote since, or the write's outcome is unknown, only the batch's event ids
 * are forgotten, and what it applied to the profile stays.
 */
export async function putBack(
  customerId: string,
  eventIds: readonly string[],
  written: WrittenRecord | undefined,
  deps: RuntimeDeps,
): Promise<void> {
  await deps.stores.customers.updateRecord(customerId, (current) => {
    const created = written?.after.profile;
    if (!written || !created || !sameRecord(current, written.after)) return withoutEvents(current, eventIds);
    const profile = written.before.profile ?? newProfile(customerId, created.createdAt);
    return { ...written.before, profile, entered: written.after.entered };
  });
}

/** The record without the batch's event ids; what the batch applied to the profile stays. */
function withoutEvents(current: ProfileRecord, eventIds: readonly string[]) {
  const forgotten = new Set(eventIds);
  const recorded = Object.entries(current.seen);
  if (!current.profile || !recorded.some(([eventId]) => forgotten.has(eventId))) return undefined;
  const seen = Object.fromEntries(recorded.filter(([eventId]) => !forgotten.has(eventId)));
  return { ...current, profile: current.profile, seen };
}

/** Whether the stored record is the one written: the same fields, whatever order DynamoDB gave them in. */
function sameRecord(stored: ProfileRecord, written: ProfileRecord): boolean {
  const fields = (record: ProfileRecord) => ({
    profile: record.profile,
    marks: record.marks,
    entered: record.entered,
    seen: record.seen,
    changedAt: record.changedAt ?? {},
  });
  return canonical(fields(stored)) === canonical(fields(written));
}

/** JSON with every object's keys sorted and undefined values left out, as DynamoDB keeps them. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
