import type { CustomerProfile } from '../contracts/customer.ts';

/** When events last changed each field an import may set, by path ("email", "consent.sms"): epoch ms. */
export type FieldTimes = Record<string, number>;

/** The profile fields an import sets that are single values, besides consent and attributes. */
const SCALAR_FIELDS = [
  'timezone',
  'email',
  'phone',
  'member',
  'unsubscribed',
  'orderCount',
  'recentOrderCount',
  'totalSpend',
  'firstPurchaseAt',
  'lastActiveAt',
] as const satisfies readonly (keyof CustomerProfile)[];

/** What a profile an event creates starts from, so the defaults it is given count as no change. */
const BLANK: Pick<CustomerProfile, (typeof SCALAR_FIELDS)[number] | 'consent' | 'attributes'> = {
  timezone: 'Asia/Shanghai',
  member: false,
  unsubscribed: false,
  orderCount: 0,
  recentOrderCount: 0,
  totalSpend: 0,
  consent: {},
  attributes: {},
};

type ProfileFields = Partial<
  Pick<CustomerProfile, (typeof SCALAR_FIELDS)[number] | 'consent' | 'attributes'>
>;

/** The import paths whose value differs between two profiles. */
export function changedPaths(before: ProfileFields | undefined, after: ProfileFields): string[] {
  const from = before ?? BLANK;
  const paths: string[] = SCALAR_FIELDS.filter((field) => from[field] !== after[field]);
  const nested = (name: 'consent' | 'attributes') => {
    const a: Record<string, unknown> = from[name] ?? {};
    const b: Record<string, unknown> = after[name] ?? {};
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      if (a[key] !== b[key]) paths.push(`${name}.${key}`);
  };
  nested('consent');
  nested('attributes');
  return paths;
}

/** The field times after an event at `at` changed `paths`: each keeps its latest time. */
export function withChangedAt(times: FieldTimes, paths: readonly string[], at: number): FieldTimes {
  if (paths.length === 0) return times;
  const next = { ...times };
  for (const path of paths) next[path] = Math.max(next[path] ?? Number.NEGATIVE_INFINITY, at);
  return next;
}
