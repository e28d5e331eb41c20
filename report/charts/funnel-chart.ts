import type { JourneyView } from '../model/journey-view.ts';
import type { ChartOption } from './render-chart.ts';

export const FUNNEL_STAGES = ['entered', 'reached', 'carted', 'ordered'] as const;

/** One bar group of the funnel chart: a name and its count at each stage (null where not counted). */
export interface FunnelSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

/**
 * The groups the funnel chart compares: the treated, the holdout beside them (they get no
 * messages, so no reach), and each split variant by its assigned members (intention to treat).
 */
export function funnelSeries(view: JourneyView): FunnelSeries[] {
  const { funnel } = view;
  const series: FunnelSeries[] = [
    { name: 'treated', values: [funnel.treated, funnel.reached ?? null, funnel.carted, funnel.ordered] },
  ];
  if (view.journey.holdout > 0)
    series.push({
      name: 'holdout',
      values: [funnel.heldOut, null, funnel.holdoutCarted, funnel.holdoutOrdered],
    });
  for (const split of view.splits)
    for (const variant of split.variants)
      series.push({
        name: `${split.stepId}: ${variant.name}`,
        values: [variant.assigned, null, variant.carted, variant.ordered],
      });
  return series;
}

/** The funnel as grouped bars, entered → reached → carted → ordered, each bar labelled with its count. */
export function funnelChartOption(view: JourneyView): ChartOption {
  const series = funnelSeries(view);
  return {
    title: { text: 'Funnel', subtext: 'customers at each stage', left: 0, textStyle: { fontSize: 14 } },
    legend: { bottom: 0, left: 0, data: series.map((each) => each.name) },
    grid: { left: 8, right: 12, top: 64, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: [...FUNNEL_STAGES] },
    // Headroom above the tallest bar for its label.
    yAxis: { type: 'value', boundaryGap: [0, 0.12] },
    series: series.map((each) => ({
      type: 'bar',
      name: each.name,
      data: [...each.values],
      label: {
        show: true,
        position: 'top',
        fontSize: 10,
        formatter: (params: { value?: unknown }) =>
          typeof params.value === 'number' ? params.value.toLocaleString('en-US') : '',
      },
    })),
  };
}
