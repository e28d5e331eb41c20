import { type ChartOption, labelRoom } from './render-chart.ts';

/** One estimate with its interval; without bounds it is drawn as a point alone. */
export interface IntervalRow {
  readonly name: string;
  readonly estimate: number;
  readonly lower?: number;
  readonly upper?: number;
}

const SIGNIFICANT_UP = '#188038';
const SIGNIFICANT_DOWN = '#d93025';
const NOT_SIGNIFICANT = '#5f6368';

/** Green above zero, red below, grey when the interval crosses zero (or there is none). */
export function intervalColour(row: IntervalRow): string {
  if (row.lower === undefined || row.upper === undefined) return NOT_SIGNIFICANT;
  if (row.lower > 0) return SIGNIFICANT_UP;
  if (row.upper < 0) return SIGNIFICANT_DOWN;
  return NOT_SIGNIFICANT;
}

/**
 * Estimates as points with their intervals as error bars (an ECharts custom series draws each
 * whisker), and a line at zero: an interval that crosses it is not significant.
 */
export function intervalChartOption(args: {
  readonly title: string;
  readonly subtitle: string;
  readonly rows: readonly IntervalRow[];
  readonly format: (value: number) => string;
}): ChartOption {
  const { rows, format } = args;
  return {
    title: { text: args.title, subtext: args.subtitle, left: 0, textStyle: { fontSize: 14 } },
    grid: { left: labelRoom(rows.map((row) => row.name)), right: 40, top: 56, bottom: 28 },
    yAxis: { type: 'category', data: rows.map((row) => row.name), inverse: true },
    xAxis: { type: 'value', scale: true, axisLabel: { formatter: (value: number) => format(value) } },
    series: [
      {
        type: 'custom',
        name: 'interval',
        silent: true,
        // Both bounds on the value axis, so its extent covers the whole interval.
        encode: { x: [1, 2], y: 0 },
        data: rows.map((row, index) => [index, row.lower ?? row.estimate, row.upper ?? row.estimate]),
        renderItem: (_params: unknown, api: CustomApi) => {
          const index = api.value(0);
          const [lowX, y] = api.coord([api.value(1), index]);
          const [highX] = api.coord([api.value(2), index]);
          const cap = 6;
          const style = { stroke: intervalColour(rows[index] ?? { name: '', estimate: 0 }), lineWidth: 2 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: lowX, y1: y, x2: highX, y2: y }, style },
              { type: 'line', shape: { x1: lowX, y1: y - cap, x2: lowX, y2: y + cap }, style },
              { type: 'line', shape: { x1: highX, y1: y - cap, x2: highX, y2: y + cap }, style },
            ],
          };
        },
      },
      {
        type: 'scatter',
        name: 'estimate',
        symbolSize: 10,
        data: rows.map((row) => ({
          value: [row.estimate, row.name],
          itemStyle: { color: intervalColour(row) },
        })),
        label: {
          show: true,
          position: 'top',
          distance: 6,
          fontSize: 11,
          formatter: (params: { dataIndex: number }) => {
            const row = rows[params.dataIndex];
            if (!row) return '';
            return row.lower === undefined || row.upper === undefined
              ? format(row.estimate)
              : `${format(row.estimate)} (${format(row.lower)} to ${format(row.upper)})`;
          },
        },
        markLine: {
          silent: true,
          symbol: 'none',
          label: { show: false },
          lineStyle: { color: '#202124', type: 'dashed' },
          data: [{ xAxis: 0 }],
        },
      },
    ],
  } as ChartOption;
}

/** The part of ECharts' custom-series API the whiskers use. */
interface CustomApi {
  value(dimension: number): number;
  coord(point: [number, number]): [number, number];
}
