import { type AwsBill, billedWriteUnits, type MeasuredCounts } from '../pricing/cost-model.ts';

/**
 * The bill scaled linearly to one million customers: every quantity and every dollar times
 * 1,000,000 / `customers`. Costs that do not grow with customers (a cohort's Standard
 * transitions, the minute ticker) scale too, so on a small simulation this is an upper bound.
 */
export function perMillionCustomers(bill: AwsBill, customers: number): AwsBill {
  if (!(customers > 0)) throw new RangeError(`expected a number of customers above 0, got ${customers}`);
  return scaled(bill, 1_000_000 / customers);
}

/** One simulation's counts and its number of customers. */
export interface SizedCounts {
  readonly customers: number;
  readonly counts: MeasuredCounts;
}

/**
 * The counts projected to `target` customers from two simulations of different sizes: each count
 * grows at the rate measured between them (a straight line through both), never below what the
 * larger one counted nor above scaling it linearly. Per-customer work comes out as under linear
 * scaling; per-cohort work (an event journey's window executions, their waits and checks), which
 * stops growing once every window has entries, comes out lower, though still high while the
 * larger simulation leaves windows empty.
 */
export function projectCounts(smaller: SizedCounts, larger: SizedCounts, target = 1_000_000): MeasuredCounts {
  if (!(larger.customers > smaller.customers && smaller.customers > 0))
    throw new RangeError(
      `expected two simulations of growing size, got ${smaller.customers} and ${larger.customers} customers`,
    );
  const project = (low: number, high: number) => {
    const slope = (high - low) / (larger.customers - smaller.customers);
    const linear = (high * target) / larger.customers;
    return Math.min(linear, Math.max(high, high + slope * (target - larger.customers)));
  };
  const projectAll = <T>(low: T, high: T): T => {
    if (typeof high === 'number') return project(typeof low === 'number' ? low : 0, high) as T;
    if (high !== null && typeof high === 'object')
      return Object.fromEntries(
        Object.entries(high).map(([key, inner]) => [
          key,
          projectAll((low as Record<string, unknown> | undefined)?.[key], inner),
        ]),
      ) as T;
    return high;
  };
  // The billed writes are projected, not the writes and the outbox's separately.
  const billedWrites = (counts: MeasuredCounts): MeasuredCounts => ({
    ...counts,
    dynamo: {
      ...counts.dynamo,
      writeCapacity: billedWriteUnits(counts.dynamo),
      providerWriteCapacity: 0,
    },
  });
  return projectAll(billedWrites(smaller.counts), billedWrites(larger.counts));
}

function scaled<T>(value: T, factor: number): T {
  if (typeof value === 'number') return (value * factor) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, scaled(inner, factor)])) as T;
  return value;
}
