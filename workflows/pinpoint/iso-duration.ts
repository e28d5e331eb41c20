import { z } from 'zod';

const ISO_DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** An ISO 8601 duration as Pinpoint writes WaitFor, EndpointReentryInterval and RefreshFrequency: "P3D", "PT1H". */
export const IsoDuration = z.string().refine((text) => ISO_DURATION.test(text), {
  error: (issue) =>
    `expected an ISO 8601 duration such as "P3D", "PT12H" or "P1DT6H"; got ${JSON.stringify(issue.input)}`,
});

export interface ConvertedDuration {
  /** In the journey language: "3d", "1d6h". */
  readonly text: string;
  readonly seconds: number;
  /** Years and months have no fixed length: read as 365 and 30 days. */
  readonly approximate: boolean;
}

/** An ISO 8601 duration in the journey language's units (w, d, h, m, s); undefined when it is not one. */
export function convertDuration(iso: string): ConvertedDuration | undefined {
  const match = ISO_DURATION.exec(iso);
  if (!match) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  const totalDays = (years ?? 0) * 365 + (months ?? 0) * 30 + (weeks ?? 0) * 7 + (days ?? 0);
  const total = totalDays * 86_400 + (hours ?? 0) * 3_600 + (minutes ?? 0) * 60 + (seconds ?? 0);
  return { text: durationText(total), seconds: total, approximate: (years ?? 0) + (months ?? 0) > 0 };
}

/** Seconds as the journey language writes them, largest unit first: 90000 → "1d1h". */
export function durationText(totalSeconds: number): string {
  let rest = totalSeconds;
  let text = '';
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text || '0s';
}
