import type { ChargedUsage } from './dynamo-usage.ts';

/** Who a run's work is charged to besides its journeys. */
export const PAYERS = {
  /** The events API: timelines, profiles, entry buffers, the runs' conversion signals and counts. */
  eventsApi: 'events-api',
  /** The minute ticker's own reads and writes; the cohorts and deferred sends it handles are charged to their journeys. */
  ticker: 'ticker',
} as const;

/** The Lambda calls and DynamoDB usage charged to one payer: a journey, the events API or the ticker. */
export interface PayerCounts {
  readonly lambdaInvocations: Record<string, number>;
  readonly dynamo: ChargedUsage;
}
