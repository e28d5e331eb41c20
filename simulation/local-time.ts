import type { Rng } from './random.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Shoppers by local hour: quiet at night, a lunch bump and an evening peak. */
const HOUR_WEIGHTS = [
  0.5, 0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 0.9, 1, 1, 1.1, 1, 0.9, 0.9, 0.9, 0.9, 1, 1.1, 1.3, 1.4, 1.3,
  0.9,
];

/** A whole second in [from, to), weighted towards the customer's waking hours. */
export function localTime(rng: Rng, from: number, to: number, offset: number): number {
  const peak = Math.max(...HOUR_WEIGHTS);
  let at = from;
  for (let attempt = 0; attempt < 24; attempt += 1) {
    at = from + Math.floor((rng.float() * (to - from)) / 1000) * 1000;
    const hour = Math.floor(((((at + offset) % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000);
    if (rng.float() * peak < (HOUR_WEIGHTS[hour] ?? peak)) break;
  }
  return at;
}

const formats = new Map<string, Intl.DateTimeFormat | undefined>();
const offsets = new Map<string, number>();

/**
 * The zone's offset from UTC in ms at `at`; an unknown zone reads as China time, the profile default.
 * Remembered per zone and instant: every customer's day starts at the same instant, and formatting
 * a date in a zone is the slowest part of a customer's day.
 */
export function zoneOffset(zone: string, at: number): number {
  const key = `${zone}\u0000${at}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const offset = computeZoneOffset(zone, at);
  if (offsets.size > 10_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

function computeZoneOffset(zone: string, at: number): number {
  if (!formats.has(zone)) {
    try {
      formats.set(
        zone,
        new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
        }),
      );
    } catch {
      formats.set(zone, undefined);
    }
  }
  const format = formats.get(zone);
  if (!format) return 8 * 3_600_000;
  const part = (type: string) => Number(format.formatToParts(at).find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return wall - Math.floor(at / MINUTE_MS) * MINUTE_MS;
}
