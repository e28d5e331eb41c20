import type { LiveState } from '../model/report-data.ts';
import { count } from './format.ts';
import { html, type Markup } from './markup.ts';
import { table } from './tables.ts';

const time = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');

/**
 * Entries waiting in open cohort windows: an event journey gathers its entries for a window
 * (an hour for cart-nudge) before they start as one cohort, so a newcomer sees them here first.
 */
export function waitingEntries(live: LiveState): Markup {
  if (live.windows.length === 0)
    return html`<p data-waiting="0">No entries are waiting in a cohort window.</p>`;
  return html`${table(
    'waiting',
    ['journey', 'window opened', 'entries waiting', 'cohort starts'],
    live.windows.map((window) => [
      window.journeyId,
      time(window.opened),
      count(window.waiting),
      time(window.startsAt),
    ]),
  )}`;
}

/** A journey's runs, newest first, and its waiting entries. */
export function liveJourney(journeyId: string, live: LiveState): Markup {
  const runs = live.runs[journeyId] ?? [];
  const waiting = live.windows.filter((window) => window.journeyId === journeyId);
  return html`<h3>Runs</h3>
${
  runs.length === 0
    ? html`<p>No run yet.</p>`
    : table(
        'runs',
        ['run', 'started', 'trigger', 'entered', 'failures'],
        runs.map((run) => [
          run.runId,
          time(run.startedAt),
          run.trigger,
          count(run.entered),
          count(run.failures),
        ]),
      )
}
${waiting.length > 0 ? html`<p>${count(waiting.reduce((sum, window) => sum + window.waiting, 0))} entries wait for their cohort.</p>` : ''}`;
}
