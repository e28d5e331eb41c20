import type { JourneyStatistics } from '../workflows/statistics/journey-statistics.ts';

export {
  type JourneyOutcome,
  type JourneyStatistics,
  journeyStatistics,
} from '../workflows/statistics/journey-statistics.ts';

const points = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)}`;
const times = (value: number) => `${value < 0 ? '−' : ''}${Math.abs(value).toFixed(1)}x`;
const count = (value: number) =>
  `${value < 0 ? '−' : ''}${Math.abs(Math.round(value)).toLocaleString('en-US')}`;

/** One line per journey: lift, relative lift, incremental orders and ROI with their intervals, and the naive ROI. */
export function formatStatistics(journeyId: string, statistics: JourneyStatistics | undefined): string {
  const lift = statistics?.lift;
  if (!statistics || !lift) return `  ${journeyId}: no holdout, so no lift to measure`;
  const parts = [
    `lift ${points(lift.estimate)} pts (95% CI ${points(lift.lower)} to ${points(lift.upper)}), ${lift.significant ? 'significant' : 'not significant'}`,
  ];
  const relative = statistics.relativeLift;
  if (relative)
    parts.push(
      `relative ${points(relative.estimate)}% (${points(relative.lower)}% to ${points(relative.upper)}%)`,
    );
  const incremental = statistics.incremental;
  if (incremental) {
    const orders = incremental.orders;
    parts.push(
      `incremental orders ${count(orders.estimate)} (${count(orders.lower)} to ${count(orders.upper)})`,
    );
    const roi = incremental.roi;
    if (roi)
      parts.push(`incremental ROI ${times(roi.estimate)} (${times(roi.lower)} to ${times(roi.upper)})`);
  }
  if (statistics.naiveRoi !== undefined)
    parts.push(`naive ROI ${times(statistics.naiveRoi)} (all attributed revenue over offer cost)`);
  if (statistics.minimumDetectableLift !== undefined)
    parts.push(`detectable at 80% power: ${points(statistics.minimumDetectableLift)} pts`);
  const forLift = statistics.holdoutForLift;
  if (forLift)
    parts.push(
      forLift.share === null
        ? `no holdout up to 50% detects ${points(forLift.lift)} pts at this size`
        : `holdout to detect ${points(forLift.lift)} pts: ${Math.ceil(forLift.share * 100)}%`,
    );
  return `  ${journeyId}: ${parts.join('; ')}`;
}
