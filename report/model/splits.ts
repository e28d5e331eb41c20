import type { Journey } from '../../workflows/schema/index.ts';
import { compareVariants, type VariantComparisons } from '../../workflows/statistics/comparisons.ts';
import type { Interval } from '../../workflows/statistics/interval.ts';
import { wilsonInterval } from '../../workflows/statistics/proportion.ts';
import { type StepRow, total } from './step-rows.ts';

/** One variant of a split step, its members counted by intention to treat. */
export interface VariantView {
  readonly name: string;
  readonly weight: number;
  /** Treated members assigned to the variant at entry: the denominator of its CVR. */
  readonly assigned: number;
  /** Members who reached the split and went this way. */
  readonly entered: number;
  readonly carted: number;
  readonly ordered: number;
  readonly revenue: number;
  readonly cvr?: Interval;
}

/** A split step's variants, compared with the holdout and with each other. */
export interface SplitView {
  readonly stepId: string;
  readonly variants: readonly VariantView[];
  readonly comparisons: VariantComparisons;
}

/**
 * Each split step's variants with their orders (attributed by each member's assignment) and the
 * comparisons of compareVariants: each variant against the holdout, and the variants against each
 * other, Bonferroni-corrected; a winner only when its intervals exclude zero.
 */
export function splitViews(
  journey: Journey,
  rows: readonly StepRow[],
  holdout: { readonly customers: number; readonly ordered: number },
): SplitView[] {
  return journey.steps.flatMap((step) => {
    if (step.kind !== 'split') return [];
    const variants = step.variants.map((variant): VariantView => {
      const where = { stepId: step.id, variant: variant.name };
      const assigned = total(rows, 'assigned', where);
      const ordered = total(rows, 'ordered', where);
      const cvr = assigned >= ordered ? wilsonInterval(ordered, assigned) : undefined;
      return {
        name: variant.name,
        weight: variant.weight,
        assigned,
        entered: total(rows, 'entered', where),
        carted: total(rows, 'addedToCart', where),
        ordered,
        revenue: total(rows, 'revenue', where),
        ...(cvr ? { cvr } : {}),
      };
    });
    const comparisons = compareVariants(
      // Runs counted before assignments were recorded have orders without a denominator: left out.
      variants.map((variant) => ({
        name: variant.name,
        customers: variant.assigned >= variant.ordered ? variant.assigned : 0,
        converted: variant.ordered,
      })),
      { name: 'holdout', customers: holdout.customers, converted: holdout.ordered },
    );
    return [{ stepId: step.id, variants, comparisons }];
  });
}
