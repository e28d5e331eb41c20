import * as echarts from 'echarts';

export type ChartOption = echarts.EChartsOption;

/** The palette of every chart: treated, holdout, then one colour per variant or journey. */
export const PALETTE = [
  '#1a73e8',
  '#9aa0a6',
  '#e37400',
  '#188038',
  '#a142f4',
  '#d93025',
  '#12b5cb',
  '#f9ab00',
];

/**
 * One chart as an SVG string, drawn by ECharts' server-side renderer: no DOM and no browser, and
 * the chart is disposed at once, which also stops the timer that would keep Node alive.
 */
export function renderChart(option: ChartOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * Room for a category axis's labels, from their length at 12 px: server-side rendering has no
 * fonts to measure, and ECharts' own estimate there cuts long step ids short.
 */
export function labelRoom(labels: readonly string[]): number {
  return 16 + Math.ceil(7.2 * Math.max(4, ...labels.map((label) => label.length)));
}
