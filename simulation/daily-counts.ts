import type { LocalEngine } from '../engine/engine.ts';
import type { FunnelRow } from '../functions/commons/stores/funnel.ts';
import type { DayCounts, JourneyDay } from '../report/model/report-data.ts';

/** A journey's entries and orders so far, from its journey rows, as its funnel counts them. */
export function journeyTotals(rows: readonly FunnelRow[]): JourneyDay {
  let entered = 0;
  let ordered = 0;
  for (const row of rows) {
    if (row.stepId !== '$journey') continue;
    entered += row.counts.entered ?? 0;
    if (row.variant === 'treated') ordered += row.counts.ordered ?? 0;
  }
  return { entered, ordered };
}

/** The day's counts: each journey's totals now, less what the days before it counted. */
export function countsOfDay(
  day: number,
  from: number,
  totals: Readonly<Record<string, JourneyDay>>,
  before: readonly DayCounts[],
): DayCounts {
  const journeys: Record<string, JourneyDay> = {};
  for (const [journeyId, total] of Object.entries(totals)) {
    const earlier = before.reduce(
      (sum, counts) => ({
        entered: sum.entered + (counts.journeys[journeyId]?.entered ?? 0),
        ordered: sum.ordered + (counts.journeys[journeyId]?.ordered ?? 0),
      }),
      { entered: 0, ordered: 0 },
    );
    journeys[journeyId] = {
      entered: total.entered - earlier.entered,
      ordered: total.ordered - earlier.ordered,
    };
  }
  return { day, from: new Date(from).toISOString(), journeys };
}

/**
 * Records the day that began at `from` (day `index`, from 0) once the engine is idle: one read of
 * each journey's funnel rows, left out of the counted operations so the bill does not change.
 */
export async function recordDay(
  daily: DayCounts[],
  index: number,
  from: number,
  engine: LocalEngine,
): Promise<void> {
  const totals: Record<string, JourneyDay> = {};
  await engine.usage.uncounted(async () => {
    for (const journeyId of engine.deps.catalog.journeys.keys())
      totals[journeyId] = journeyTotals(await engine.deps.stores.funnel.rows(journeyId));
  });
  daily.push(countsOfDay(index + 1, from, totals, daily));
}
