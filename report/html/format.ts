import type { Interval } from '../../workflows/statistics/interval.ts';

/** Whole numbers with thousands separators, e.g. 10,000. */
export const count = (value: number): string =>
  `${value < 0 ? '−' : ''}${Math.abs(Math.round(value)).toLocaleString('en-US')}`;

/** Money in the revenue's currency (¥ in the built-in journeys). */
export const money = (value: number): string => `¥${count(value)}`;

/** US dollars, with cents below $100. */
export const usd = (value: number): string =>
  `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: value < 100 ? 4 : 2 })}`;

/** A proportion as a percentage, e.g. 0.123 → 12.3%. */
export const percent = (value: number | undefined): string =>
  value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;

/** A difference of proportions in percentage points, signed. */
export const points = (value: number): string =>
  `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)} pts`;

/** A ratio such as an ROI, e.g. 1.3x. */
export const times = (value: number): string => `${value < 0 ? '−' : ''}${Math.abs(value).toFixed(1)}x`;

/** An estimate with its interval, e.g. "+3.6 pts (95% CI −1.1 to +8.3)". */
export function withInterval(interval: Interval | undefined, format: (value: number) => string): string {
  if (!interval) return '—';
  const level = Math.round(interval.confidence * 1000) / 10;
  return `${format(interval.estimate)} (${level}% CI ${format(interval.lower)} to ${format(interval.upper)})`;
}
