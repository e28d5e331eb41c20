import { DURATION_PATTERN } from '../schema/primitives.ts';

const UNIT_SECONDS = [7 * 86_400, 86_400, 3_600, 60, 1] as const;

/** Seconds in a duration such as "1d12h"; the schema has already checked its form. */
export function durationSeconds(text: string): number {
  const match = DURATION_PATTERN.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a duration such as "15m", "2h" or "1d12h"`);
  return UNIT_SECONDS.reduce((total, unit, index) => total + Number(match[index + 1] ?? 0) * unit, 0);
}

/** The parts of a signed duration such as "-1d12h", each carrying the sign: calendar arithmetic needs days as days. */
export function signedDurationParts(text: string): {
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
} {
  const sign = text.startsWith('-') ? -1 : 1;
  const match = DURATION_PATTERN.exec(text.replace(/^[+-]/, ''));
  if (!match) throw new RangeError(`"${text}" is not a signed duration such as "-1d" or "+2h"`);
  const part = (index: number) => sign * Number(match[index] ?? 0);
  return { weeks: part(1), days: part(2), hours: part(3), minutes: part(4), seconds: part(5) };
}

/** Seconds in a signed duration such as "-1d" or "+2h". */
export function signedDurationSeconds(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  const magnitude = text.replace(/^[+-]/, '');
  return magnitude === '' ? 0 : sign * durationSeconds(magnitude);
}

/** A readable form of a number of seconds, for outlines and diagrams: 90000 → "1d1h". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const units = ['w', 'd', 'h', 'm', 's'];
  let rest = Math.abs(seconds);
  let text = '';
  UNIT_SECONDS.forEach((unit, index) => {
    const count = Math.floor(rest / unit);
    if (count > 0) {
      text += `${count}${units[index]}`;
      rest -= count * unit;
    }
  });
  return seconds < 0 ? `-${text}` : text;
}
