import { readFileSync } from 'node:fs';
import type { LocalEngine } from '../engine/engine.ts';
import { cohortWindowMs } from '../functions/commons/cohorts/cohort-window.ts';
import { chunks } from '../functions/commons/dynamo/batch.ts';
import { MINUTE_MS } from '../functions/commons/runtime/clock.ts';
import type { CustomerEvent } from '../workflows/contracts/customer.ts';
import type { JourneyCatalog } from '../workflows/workspace/catalog.ts';

/**
 * Events are delivered every 15 minutes, or every minute when a cohort window is not a whole
 * number of 15 minutes, so each delivery lands in the window its events happened in.
 */
export function deliveryPlan(catalog: JourneyCatalog): { intervalMs: number; windowsMs: number[] } {
  const windowsMs = [...catalog.journeys.values()]
    .filter((journey) => journey.trigger.kind === 'event')
    .map((journey) => cohortWindowMs(journey));
  const intervalMs = windowsMs.every((window) => window % (15 * MINUTE_MS) === 0)
    ? 15 * MINUTE_MS
    : MINUTE_MS;
  return { intervalMs, windowsMs: [...new Set(windowsMs)] };
}

/** A recorded event log: one CustomerEvent a line, blank lines ignored. */
export function readRecordedEvents(file: string): CustomerEvent[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CustomerEvent);
}

/** Events through the events API in batches of 500; how many were posted. */
export async function postAll(engine: LocalEngine, events: readonly CustomerEvent[]): Promise<number> {
  for (const batch of chunks(events, 500)) {
    const response = await engine.postEvents(JSON.stringify({ events: batch }));
    if (response.statusCode !== 200)
      throw new Error(`the events API refused a simulated batch: ${response.body}`);
  }
  return events.length;
}
