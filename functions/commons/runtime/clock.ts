/** Where handlers get the time: the system clock in Lambda, a virtual clock in the local engine. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** The minute an instant falls in, as "2027-06-11T02:05". Cohorts form per minute. */
export function minuteBucket(at: number): string {
  return new Date(Math.floor(at / MINUTE_MS) * MINUTE_MS).toISOString().slice(0, 16);
}

export function minuteStart(bucket: string): number {
  return Date.parse(`${bucket}:00Z`);
}
