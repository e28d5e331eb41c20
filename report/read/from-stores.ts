import { cohortWindowMs, windowReadyAt } from '../../functions/commons/cohorts/cohort-window.ts';
import { minuteStart } from '../../functions/commons/runtime/clock.ts';
import type { EnrollmentStore } from '../../functions/commons/stores/enrollments.ts';
import type { FunnelRow, FunnelStore } from '../../functions/commons/stores/funnel.ts';
import type { PendingWorkStore } from '../../functions/commons/stores/pending-work.ts';
import type { RunStore } from '../../functions/commons/stores/runs.ts';
import type { JourneyCatalog } from '../../workflows/workspace/catalog.ts';
import { journeyView } from '../model/journey-view.ts';
import type { LiveState, OpenWindow, ReportData, RunSummary } from '../model/report-data.ts';
import { aggregateRows } from '../model/step-rows.ts';

/** The reads the report makes of a state table: the engine's own, or a deployed stage's. */
export interface ReportStores {
  readonly funnel: Pick<FunnelStore, 'rows'>;
  readonly runs: Pick<RunStore, 'runs'>;
  readonly pendingWork: Pick<PendingWorkStore, 'due'>;
  readonly enrollments: Pick<EnrollmentStore, 'takeEntries'>;
}

/** Past any window a state table can hold, so the pending index lists every window that has entries. */
const EVERY_MINUTE = '9999-12-31T23:59';

/** Each run, newest first, with the customers who entered it (held out included) from its journey rows. */
function runSummaries(runs: Awaited<ReturnType<RunStore['runs']>>, rows: readonly FunnelRow[]): RunSummary[] {
  return [...runs]
    .sort((a, b) => b.startedAt - a.startedAt || b.runId.localeCompare(a.runId))
    .map((run) => ({
      runId: run.runId,
      startedAt: new Date(run.startedAt).toISOString(),
      trigger: run.trigger,
      entered: rows
        .filter((row) => row.runId === run.runId && row.stepId === '$journey')
        .reduce((sum, row) => sum + (row.counts.entered ?? 0), 0),
      failures: run.failures ?? 0,
    }));
}

/**
 * Entries waiting in cohort windows: the pending index names each window holding some, and its
 * buckets are read (not taken: reading leaves them for the ticker), with when the cohort starts.
 */
async function openWindows(catalog: JourneyCatalog, stores: ReportStores): Promise<OpenWindow[]> {
  const pending = await stores.pendingWork.due(EVERY_MINUTE, '');
  const windows: OpenWindow[] = [];
  for (const { journeyId, minute, buckets } of pending.entries) {
    const journey = catalog.journeys.get(journeyId);
    if (!journey) continue;
    const entries = await stores.enrollments.takeEntries(journeyId, minute, buckets);
    if (entries.length === 0) continue;
    const opened = minuteStart(minute);
    windows.push({
      journeyId,
      opened: new Date(opened).toISOString(),
      waiting: entries.length,
      startsAt: new Date(windowReadyAt(opened, cohortWindowMs(journey))).toISOString(),
    });
  }
  return windows.sort((a, b) => a.opened.localeCompare(b.opened) || a.journeyId.localeCompare(b.journeyId));
}

/**
 * The report of the journeys in a state table: each journey's funnel from its rows, its runs, and
 * the entries still waiting in their windows. Without the simulation there is no reach, and SMS
 * are priced at one segment each.
 */
export async function reportFromStores(
  catalog: JourneyCatalog,
  stores: ReportStores,
  page: { readonly title: string; readonly source: string; readonly now: number },
): Promise<ReportData> {
  const journeys = [];
  const runs: Record<string, RunSummary[]> = {};
  for (const journey of catalog.journeys.values()) {
    const rows = await stores.funnel.rows(journey.id);
    journeys.push(journeyView(journey, aggregateRows(rows)));
    runs[journey.id] = runSummaries(await stores.runs.runs(journey.id), rows);
  }
  const live: LiveState = {
    now: new Date(page.now).toISOString(),
    runs,
    windows: await openWindows(catalog, stores),
  };
  return { title: page.title, source: page.source, journeys, live };
}
