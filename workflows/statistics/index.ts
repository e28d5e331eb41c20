export {
  type Comparison,
  type ConversionCount,
  compareVariants,
  type VariantComparisons,
} from './comparisons.ts';
export { newcombeDifference } from './difference.ts';
export { type GroupOutcome, type IncrementalResults, incrementalResults, naiveRoi } from './incremental.ts';
export { excludesZero, type Interval } from './interval.ts';
export { type JourneyOutcome, type JourneyStatistics, journeyStatistics } from './journey-statistics.ts';
export { DEFAULT_CONFIDENCE, twoSidedZ } from './normal.ts';
export { holdoutShareNeeded, minimumDetectableEffect, type PowerQuestion } from './power.ts';
export { wilsonInterval } from './proportion.ts';
export { relativeLift } from './relative.ts';
