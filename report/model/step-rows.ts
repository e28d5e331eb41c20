import type { FunnelCounts, FunnelMetric, FunnelRow } from '../../functions/commons/stores/funnel.ts';

/** A step's counts for one variant ("treated", "holdout" or a split variant), summed over runs. */
export interface StepRow {
  readonly stepId: string;
  readonly variant: string;
  readonly counts: FunnelCounts;
}

/** The funnel rows of a journey summed over its runs, one row per step and variant, in first-seen order. */
export function aggregateRows(rows: readonly FunnelRow[]): StepRow[] {
  const summed = new Map<string, { stepId: string; variant: string; counts: Record<string, number> }>();
  for (const row of rows) {
    const key = `${row.stepId}\u0000${row.variant}`;
    const known = summed.get(key) ?? { stepId: row.stepId, variant: row.variant, counts: {} };
    for (const [metric, value] of Object.entries(row.counts))
      if (typeof value === 'number') known.counts[metric] = (known.counts[metric] ?? 0) + value;
    summed.set(key, known);
  }
  return [...summed.values()];
}

/** One metric summed over the rows that match. */
export function total(
  rows: readonly StepRow[],
  metric: FunnelMetric,
  where: { readonly stepId?: string; readonly variant?: string } = {},
): number {
  return rows
    .filter((row) => where.stepId === undefined || row.stepId === where.stepId)
    .filter((row) => where.variant === undefined || row.variant === where.variant)
    .reduce((sum, row) => sum + (row.counts[metric] ?? 0), 0);
}

/** Every metric of a step summed over its variants. */
export function stepCounts(rows: readonly StepRow[], stepId: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows.filter((candidate) => candidate.stepId === stepId))
    for (const [metric, value] of Object.entries(row.counts))
      if (typeof value === 'number') counts[metric] = (counts[metric] ?? 0) + value;
  return counts;
}
