import { newcombeDifference } from './difference.ts';
import { excludesZero, type Interval } from './interval.ts';
import { DEFAULT_CONFIDENCE } from './normal.ts';

/** A group's size and how many of it converted. */
export interface ConversionCount {
  readonly name: string;
  readonly customers: number;
  readonly converted: number;
}

export interface Comparison {
  /** "a − b": the first group's conversion rate minus the second's. */
  readonly first: string;
  readonly second: string;
  readonly difference: Interval;
  readonly significant: boolean;
}

export interface VariantComparisons {
  /** Each variant against the holdout, then each pair of variants. */
  readonly comparisons: readonly Comparison[];
  /** The confidence of each interval after the Bonferroni correction: 1 − (1 − level) / comparisons. */
  readonly adjustedConfidence: number;
  /** The variant whose rate beats every other variant's with an interval above zero, if one does. */
  readonly winner?: string;
}

/**
 * Split variants against the holdout and against each other, with Newcombe's interval for each
 * difference at a Bonferroni-corrected level (Bonferroni: α / m for m comparisons), so that the
 * family of intervals holds together at the level asked for. Groups with no customers are left out.
 */
export function compareVariants(
  variants: readonly ConversionCount[],
  holdout: ConversionCount | undefined,
  confidence = DEFAULT_CONFIDENCE,
): VariantComparisons {
  const present = variants.filter((variant) => variant.customers > 0);
  const pairs: [ConversionCount, ConversionCount][] = [];
  if (holdout && holdout.customers > 0) for (const variant of present) pairs.push([variant, holdout]);
  for (const [index, first] of present.entries())
    for (const second of present.slice(index + 1)) pairs.push([first, second]);
  const adjustedConfidence = pairs.length > 0 ? 1 - (1 - confidence) / pairs.length : confidence;
  const comparisons = pairs.map(([first, second]): Comparison => {
    const difference = newcombeDifference(
      first.converted,
      first.customers,
      second.converted,
      second.customers,
      adjustedConfidence,
    ) as Interval;
    return { first: first.name, second: second.name, difference, significant: excludesZero(difference) };
  });
  const winner = present.find((candidate) =>
    present.every(
      (other) =>
        other === candidate ||
        comparisons.some(
          (comparison) =>
            (comparison.first === candidate.name &&
              comparison.second === other.name &&
              comparison.difference.lower > 0) ||
            (comparison.first === other.name &&
              comparison.second === candidate.name &&
              comparison.difference.upper < 0),
        ),
    ),
  );
  return {
    comparisons,
    adjustedConfidence,
    ...(present.length > 1 && winner ? { winner: winner.name } : {}),
  };
}
