import { points, times } from '../html/format.ts';
import type { JourneyView } from '../model/journey-view.ts';
import { MESSAGE_OUTCOMES } from '../model/messages.ts';
import { type IntervalRow, intervalChartOption } from './interval-chart.ts';
import { type ChartOption, labelRoom } from './render-chart.ts';

/** The lift of the treated over the holdout, then each split comparison at its corrected level. */
export function liftRows(view: JourneyView): IntervalRow[] {
  const rows: IntervalRow[] = [];
  const lift = view.statistics.lift;
  if (lift) rows.push({ name: 'treated − holdout', ...lift });
  const manySplits = view.splits.length > 1;
  for (const split of view.splits)
    for (const comparison of split.comparisons.comparisons)
      rows.push({
        name: `${manySplits ? `${split.stepId}: ` : ''}${comparison.first} − ${comparison.second}`,
        ...comparison.difference,
      });
  return rows;
}

export function liftChartOption(view: JourneyView): ChartOption {
  const corrected = view.splits[0]?.comparisons.adjustedConfidence;
  return intervalChartOption({
    title: 'Lift in CVR over the holdout',
    subtitle: `percentage points, 95% CI (Newcombe)${corrected ? `; variants at ${(corrected * 100).toFixed(1)}% (Bonferroni)` : ''}`,
    rows: liftRows(view),
    format: (value) => points(value).replace(' pts', ''),
  });
}

/** Incremental ROI with its interval, and the naive ROI beside it as a point, labelled as what it is. */
export function roiRows(view: JourneyView): IntervalRow[] {
  const rows: IntervalRow[] = [];
  const roi = view.statistics.incremental?.roi;
  if (roi) rows.push({ name: 'incremental ROI', ...roi });
  if (view.statistics.naiveRoi !== undefined)
    rows.push({ name: 'naive ROI (all revenue)', estimate: view.statistics.naiveRoi });
  return rows;
}

export function roiChartOption(view: JourneyView): ChartOption {
  return intervalChartOption({
    title: 'Return on the offer and message cost',
    subtitle: 'incremental ROI with its 95% CI (delta method); the naive ROI credits the baseline too',
    rows: roiRows(view),
    format: times,
  });
}

/** Each step that handles customers, in journey order: how many it handled and how many left at the goal before it. */
export function stepsChartOption(view: JourneyView): ChartOption {
  const steps = view.steps.filter((step) => step.handled !== undefined || step.converted > 0);
  return {
    title: {
      text: 'Per step',
      subtext: 'customers each step handled, and who left at the goal',
      left: 0,
      textStyle: { fontSize: 14 },
    },
    legend: { bottom: 0, left: 0 },
    grid: { left: labelRoom(steps.map((step) => step.stepId)), right: 48, top: 56, bottom: 36 },
    yAxis: { type: 'category', inverse: true, data: steps.map((step) => step.stepId) },
    xAxis: { type: 'value' },
    series: [
      {
        type: 'bar',
        name: 'handled',
        data: steps.map((step) => step.handled ?? 0),
        label: { show: true, position: 'right', fontSize: 10 },
      },
      {
        type: 'bar',
        name: 'left at goal',
        data: steps.map((step) => step.converted),
        label: { show: true, position: 'right', fontSize: 10 },
      },
    ],
  };
}

/** The width the messages chart is drawn at: its legend is placed from it. */
export const MESSAGES_CHART_WIDTH = 1200;

/** Each send step's messages, stacked by outcome, the outcomes listed at the right. */
export function messagesChartOption(view: JourneyView): ChartOption {
  const outcomes = MESSAGE_OUTCOMES.filter(({ metric }) =>
    view.messages.some((step) => step.outcomes[metric] > 0),
  );
  // Icon and gap, then the longest label; placed from the left, since ECharts sets a legend at
  // `right` by its own estimate of the labels' width, which is short without fonts and cut them off.
  const legendRoom = 40 + labelRoom(outcomes.map((outcome) => outcome.label));
  return {
    title: { text: 'Messages by outcome', left: 0, textStyle: { fontSize: 14 } },
    legend: { orient: 'vertical', left: MESSAGES_CHART_WIDTH - legendRoom, top: 32 },
    grid: {
      left: labelRoom(view.messages.map((step) => step.stepId)),
      right: legendRoom + 16,
      top: 40,
      bottom: 28,
    },
    yAxis: { type: 'category', inverse: true, data: view.messages.map((step) => step.stepId) },
    xAxis: { type: 'value' },
    series: outcomes.map(({ metric, label }) => ({
      type: 'bar',
      stack: 'messages',
      name: label,
      data: view.messages.map((step) => step.outcomes[metric]),
    })),
  };
}
