import { DAY_MS } from '../runtime/clock.ts';

/**
 * Per run a customer is in, the first add-to-cart and first order attributed to it, kept on the
 * profile item so the conditional write that applies an event also decides, exactly once, who
 * is counted as having added to cart or ordered. Dropped when `until` has passed. `fed` names the
 * marks the entry's feed of earlier events set, which its retry counts again (cohorts/run-feed.ts).
 */
export type AttributionMarks = Record<
  string,
  { addToCartAt?: number; orderAt?: number; until: number; fed?: ('addToCart' | 'order')[] }
>;

/**
 * Per event journey, the customer's last entry: when, the event that made it, its window, how many
 * entries they made (absent on older records: one), and `refused` when `only` turned it away. The
 * re-entry rule is decided by the write that applies the event; its retry buffers the same window.
 */
export type JourneyEntries = Record<
  string,
  { at: number; eventId: string; minute?: string; enteredAt?: number; entries?: number; refused?: boolean }
>;

/**
 * The ids of the customer's events applied lately, each with the time it may be forgotten. The
 * conditional write that applies an event records its id, so an id sent again within
 * `DUPLICATE_WINDOW_MS` (a client's retry, a replayed file) is a duplicate, and two ingests of one
 * event never both apply it.
 */
export type SeenEvents = Record<string, number>;

/** How long an event id is remembered: a week, as event APIs of analytics products commonly do. */
export const DUPLICATE_WINDOW_MS = 7 * DAY_MS;

/** The most ids a profile remembers (the newest), so a flood of events cannot outgrow the item. */
export const MAX_SEEN_EVENTS = 1_000;
