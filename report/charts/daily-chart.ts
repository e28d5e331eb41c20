import type { DayCounts, JourneyDay } from '../model/report-data.ts';
import type { ChartOption } from './render-chart.ts';

/** A day's date as month-day in the campaign's time zone (UTC without one), as the simulation's progress dates it. */
export function dayDate(from: string, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, month: '2-digit', day: '2-digit' }).format(
    new Date(from),
  );
}

/** A line per journey of one daily count (entries or orders), day by day. */
export function dailyChartOption(
  daily: readonly DayCounts[],
  journeyIds: readonly string[],
  metric: keyof JourneyDay,
  timeZone?: string,
): ChartOption {
  const title = metric === 'entered' ? 'Entries per day' : 'Orders per day';
  return {
    title: {
      text: title,
      subtext: metric === 'entered' ? 'held out included' : 'treated customers, attributed to the journey',
      left: 0,
      textStyle: { fontSize: 14 },
    },
    legend: { bottom: 0, left: 0, itemGap: 28 },
    grid: { left: 8, right: 16, top: 64, bottom: 40, containLabel: true },
    xAxis: {
      type: 'category',
      data: daily.map((day) => `day ${day.day}\n${dayDate(day.from, timeZone)}`),
    },
    yAxis: { type: 'value' },
    series: journeyIds.map((journeyId) => ({
      type: 'line',
      name: journeyId,
      data: daily.map((day) => day.journeys[journeyId]?.[metric] ?? 0),
      symbolSize: 6,
    })),
  };
}
