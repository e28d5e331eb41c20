import type { CustomerProfile } from '../contracts/customer.ts';
import { tierOf } from '../evaluation/tier.ts';
import type { FieldTimes } from './profile-fields.ts';
import type { ImportedRow, ImportedValue } from './read-row.ts';

/** Which file and row a profile was last imported from: a second row of that file with the id is a duplicate. */
export interface ImportMark {
  readonly source: string;
  readonly row: number;
}

/** What a profile item holds that an import reads. */
export interface ImportTarget {
  readonly profile: CustomerProfile | undefined;
  readonly changedAt?: FieldTimes;
  readonly imported?: ImportMark;
}

export type ImportDecision =
  | { readonly kind: 'duplicate'; readonly firstRow: number }
  | { readonly kind: 'unchanged'; readonly kept: readonly string[] }
  | {
      readonly kind: 'write';
      readonly profile: CustomerProfile;
      readonly imported: ImportMark;
      /** Paths left as events set them after the row's time. */
      readonly kept: readonly string[];
    };

export interface ImportContext {
  /** The file's identity (a digest of its content, or its S3 ETag). */
  readonly source: string;
  /** The time zone of a new profile whose row has none. */
  readonly defaultTimezone: string;
  readonly now: number;
}

/**
 * A row applied to what the profile item holds. Each value the row gives is set unless an event
 * changed that field after the row's `updatedAt` (or ever, when the row has no time); the tier
 * follows as ingest computes it. Nothing to change, the mark included, is `unchanged`, so
 * importing a file again writes nothing.
 */
export function decideImport(target: ImportTarget, row: ImportedRow, context: ImportContext): ImportDecision {
  const mark = target.imported;
  if (mark && mark.source === context.source && mark.row !== row.row)
    return { kind: 'duplicate', firstRow: mark.row };
  const base = target.profile ?? newProfile(row.customerId, context);
  const next: CustomerProfile = { ...base, consent: { ...base.consent }, attributes: { ...base.attributes } };
  const kept: string[] = [];
  for (const [path, value] of Object.entries(row.values)) {
    const changed = target.changedAt?.[path];
    if (changed !== undefined && (row.updatedAt === undefined || changed > row.updatedAt)) {
      if (!sameValue(valueAt(base, path), value)) kept.push(path);
      continue;
    }
    setValue(next, path, value);
  }
  const tier = tierOf(next);
  if (tier) next.tier = tier;
  else delete next.tier;
  const imported = { source: context.source, row: row.row };
  const markUnchanged = mark?.source === imported.source && mark.row === imported.row;
  if (target.profile && markUnchanged && sameProfile(target.profile, next))
    return { kind: 'unchanged', kept };
  return { kind: 'write', profile: next, imported, kept };
}

function newProfile(customerId: string, context: ImportContext): CustomerProfile {
  return {
    customerId,
    timezone: context.defaultTimezone,
    consent: {},
    unsubscribed: false,
    devices: [],
    suppressed: {},
    member: false,
    orderCount: 0,
    recentOrderCount: 0,
    totalSpend: 0,
    tags: [],
    attributes: {},
    createdAt: context.now,
  };
}

function valueAt(profile: CustomerProfile, path: string): unknown {
  const [head, key] = splitPath(path);
  if (key === undefined) return (profile as unknown as Record<string, unknown>)[head];
  return (profile as unknown as Record<string, Record<string, unknown> | undefined>)[head]?.[key];
}

function setValue(profile: CustomerProfile, path: string, value: ImportedValue): void {
  const [head, key] = splitPath(path);
  if (key === undefined) (profile as unknown as Record<string, unknown>)[head] = value;
  else
    (profile as unknown as Record<string, Record<string, unknown>>)[head] = {
      ...(profile as unknown as Record<string, Record<string, unknown>>)[head],
      [key]: value,
    };
}

/** "consent.sms" → ["consent", "sms"]; an attribute name has no dot, so the first one splits. */
function splitPath(path: string): [string, string | undefined] {
  const dot = path.indexOf('.');
  return dot < 0 ? [path, undefined] : [path.slice(0, dot), path.slice(dot + 1)];
}

const sameValue = (a: unknown, b: unknown) => a === b;

/** Equal as stored: key order aside, and absent the same as undefined. */
export function sameProfile(a: CustomerProfile, b: CustomerProfile): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : inner,
  );
}
