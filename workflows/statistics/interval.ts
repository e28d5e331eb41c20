/** A confidence interval around an estimate, at its confidence level. */
export interface Interval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
}

/** Whether the interval excludes 0: the difference is significant at its level. */
export const excludesZero = (interval: Interval) => interval.lower > 0 || interval.upper < 0;
