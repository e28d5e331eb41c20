import type { RunBill } from '../../pricing/run-bill.ts';
import type { JourneyView } from './journey-view.ts';

/** One journey's entries (held out included) and treated orders in one day. */
export interface JourneyDay {
  readonly entered: number;
  readonly ordered: number;
}

/** What each journey counted on one simulated day, for the report's time series. */
export interface DayCounts {
  /** 1 for the first simulated day. */
  readonly day: number;
  /** When the day began (ISO, UTC). */
  readonly from: string;
  readonly journeys: Readonly<Record<string, JourneyDay>>;
}

/** A run of a journey as the dashboard lists it. */
export interface RunSummary {
  readonly runId: string;
  readonly startedAt: string;
  readonly trigger: 'event' | 'schedule';
  /** Customers who entered the run, held out included. */
  readonly entered: number;
  readonly failures: number;
}

/** An event journey's cohort window that holds entries, and when its cohort starts. */
export interface OpenWindow {
  readonly journeyId: string;
  /** When the window opened (ISO). */
  readonly opened: string;
  readonly waiting: number;
  /** When the ticker turns the window's entries into a cohort (ISO). */
  readonly startsAt: string;
}

/** What only a live engine (or a deployed stage) shows: runs, and entries still waiting in their windows. */
export interface LiveState {
  /** The engine's time when the page was drawn (ISO). */
  readonly now: string;
  readonly runs: Readonly<Record<string, readonly RunSummary[]>>;
  readonly windows: readonly OpenWindow[];
}

/** Everything one report page shows. */
export interface ReportData {
  readonly title: string;
  /** Where the numbers come from, said under the title. */
  readonly source: string;
  readonly journeys: readonly JourneyView[];
  readonly daily?: readonly DayCounts[];
  readonly bill?: RunBill;
  readonly live?: LiveState;
  /** The dashboard reloads itself this often. @default never: a report file is a snapshot */
  readonly refreshSeconds?: number;
}
