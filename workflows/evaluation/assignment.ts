import { createHash } from 'node:crypto';
import type { Journey, SplitVariant } from '../schema/index.ts';

/**
 * A stable number in [0, 100) for a customer under a salt. The same customer always lands in the
 * same place for the same journey, so holdout and variants are reproducible and lift measurable.
 */
export function stableBucket(salt: string, customerId: string): number {
  const digest = createHash('sha256').update(`${salt}\u0000${customerId}`).digest();
  return (digest.readUInt32BE(0) / 0x1_0000_0000) * 100;
}

/** Holdout is decided per (journey, customer), never per run, so a customer stays in or out. */
export function isHeldOut(journeyId: string, customerId: string, holdoutPercent: number): boolean {
  return holdoutPercent > 0 && stableBucket(`holdout:${journeyId}`, customerId) < holdoutPercent;
}

/** The split variant of a customer, by cumulative weights (which sum to 100). */
export function assignVariant(
  journeyId: string,
  stepId: string,
  customerId: string,
  variants: readonly SplitVariant[],
): SplitVariant {
  const bucket = stableBucket(`split:${journeyId}:${stepId}`, customerId);
  let upper = 0;
  for (const variant of variants) {
    upper += variant.weight;
    if (bucket < upper) return variant;
  }
  const last = variants.at(-1);
  if (!last) throw new Error('a split needs at least one variant');
  return last;
}

/**
 * The variant a customer is assigned at each split step of the journey, whether or not they reach
 * it: the assignment is a function of (journey, step, customer), so orders can be attributed to
 * variants by intention to treat.
 */
export function splitAssignments(
  journey: Journey,
  customerId: string,
): { readonly stepId: string; readonly variant: string }[] {
  return journey.steps.flatMap((step) =>
    step.kind === 'split'
      ? [{ stepId: step.id, variant: assignVariant(journey.id, step.id, customerId, step.variants).name }]
      : [],
  );
}

/**
 * Whether a customer stops at a holdout step: decided per (journey, step, customer), so a retried
 * shard, a later run and the attribution of their orders all agree.
 */
export function isHeldOutAtStep(
  journeyId: string,
  stepId: string,
  customerId: string,
  percent: number,
): boolean {
  return percent > 0 && stableBucket(`holdout:${journeyId}:${stepId}`, customerId) < percent;
}
