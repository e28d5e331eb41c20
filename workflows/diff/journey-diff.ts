import { journeyGraph, reachableFrom, stepEdges } from '../language/journey-graph.ts';
import type { Journey, Step } from '../schema/index.ts';

/** One way out of a step that changed target: `from` in the old version, `to` in the new (absent where there is no such way). */
export interface LinkChange {
  readonly label: string;
  readonly from?: string;
  readonly to?: string;
}

/** A setting of a step whose value changed; `from` and `to` are absent where the setting is. */
export interface SettingChange {
  readonly setting: string;
  readonly from?: unknown;
  readonly to?: unknown;
}

export type StepChange =
  | { readonly change: 'added' | 'removed'; readonly step: string; readonly kind: Step['kind'] }
  | {
      readonly change: 'changed';
      readonly step: string;
      readonly kind: Step['kind'];
      /** The old kind, when the step became another kind. */
      readonly kindWas?: Step['kind'];
      readonly settings: readonly SettingChange[];
      readonly links: readonly LinkChange[];
    };

/**
 * Who a journey-wide setting reaches: functions read `limits`, `quiet_hours` and `opening_hours`
 * from the deployed catalog at send time, so they apply to every version at once; the others are
 * read as a cohort enters, or are labels.
 */
export type SettingReach = 'everyone' | 'new-entrants' | 'labels';

export interface JourneySettingChange extends SettingChange {
  readonly reach: SettingReach;
}

/** The customers waiting at a step of the old version: they finish on it, whatever lies ahead. */
export interface WaitingCustomers {
  readonly at: string;
  /** Steps ahead of them that the new version removes, and those it changes, which they get as the old version has them. */
  readonly removedAhead: readonly string[];
  readonly changedAhead: readonly string[];
}

export interface JourneyDiff {
  readonly journeyId: string;
  readonly versions: { readonly old: number; readonly new: number };
  /** Nothing differs: a deploy publishes no new version. */
  readonly unchanged: boolean;
  readonly settings: readonly JourneySettingChange[];
  readonly steps: readonly StepChange[];
  readonly waiting: readonly WaitingCustomers[];
  /** Steps only customers entering the new version can reach. */
  readonly newOnly: readonly string[];
  readonly warnings: readonly string[];
}

const LINK_FIELDS = new Set(['id', 'kind', 'next', 'on_event', 'on_timeout', 'default']);
const EVERYONE = new Set(['limits', 'quiet_hours', 'opening_hours']);
const LABELS = new Set(['name', 'description', '$schema']);

/** What changes between two versions of a journey, and what happens to the customers of the old one. */
export function diffJourneys(old: Journey, next: Journey): JourneyDiff {
  if (old.id !== next.id)
    throw new Error(`these are two journeys, "${old.id}" and "${next.id}": compare versions of one`);
  const oldSteps = new Map(old.steps.map((step, index) => [step.id, { step, index }]));
  const newSteps = new Map(next.steps.map((step, index) => [step.id, { step, index }]));
  const steps: StepChange[] = [];
  for (const [id, { step }] of oldSteps)
    if (!newSteps.has(id)) steps.push({ change: 'removed', step: id, kind: step.kind });
  for (const [id, { step, index }] of newSteps) {
    const before = oldSteps.get(id);
    if (!before) {
      steps.push({ change: 'added', step: id, kind: step.kind });
      continue;
    }
    const settings = changedFields(stepSettings(before.step), stepSettings(step));
    const links = changedLinks(old, before.index, next, index);
    const kindWas = before.step.kind === step.kind ? undefined : before.step.kind;
    if (settings.length > 0 || links.length > 0 || kindWas)
      steps.push({
        change: 'changed',
        step: id,
        kind: step.kind,
        ...(kindWas ? { kindWas } : {}),
        settings,
        links,
      });
  }

  const { steps: _old, version: _oldVersion, ...oldJourney } = old;
  const { steps: _new, version: _newVersion, ...newJourney } = next;
  const settings = changedFields(oldJourney, newJourney).map((change) => ({
    ...change,
    reach: reachOf(change.setting),
  }));

  const removed = new Set(steps.filter((change) => change.change === 'removed').map((change) => change.step));
  const changed = new Set(steps.filter((change) => change.change === 'changed').map((change) => change.step));
  const oldGraph = journeyGraph(old);
  const waiting = old.steps
    .filter((step) => step.kind === 'wait' || step.kind === 'wait_for')
    .map((step) => {
      const reachable = reachableFrom([step.id], oldGraph.successors);
      const ahead = old.steps.map((candidate) => candidate.id).filter((id) => reachable.has(id));
      return {
        at: step.id,
        removedAhead: ahead.filter((id) => removed.has(id)),
        changedAhead: ahead.filter((id) => changed.has(id)),
      };
    });
  const newOnly = steps.filter((change) => change.change === 'added').map((change) => change.step);

  const unchanged = steps.length === 0 && settings.length === 0 && old.version === next.version;
  const warnings =
    !unchanged && old.version === next.version
      ? [`both say version ${old.version}: raise \`version\` so that runs and reports tell them apart`]
      : [];
  return {
    journeyId: old.id,
    versions: { old: old.version, new: next.version },
    unchanged,
    settings,
    steps,
    waiting,
    newOnly,
    warnings,
  };
}

function reachOf(setting: string): SettingReach {
  if (EVERYONE.has(setting)) return 'everyone';
  return LABELS.has(setting) ? 'labels' : 'new-entrants';
}

/** A step's settings, without its id, kind and links (compared as edges, implicit ones included). */
function stepSettings(step: Step): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(step)) if (!LINK_FIELDS.has(key)) settings[key] = value;
  if (step.kind === 'branch') settings.cases = step.cases.map(({ when }) => ({ when }));
  if (step.kind === 'split') settings.variants = step.variants.map(({ name, weight }) => ({ name, weight }));
  return settings;
}

function changedFields(old: Record<string, unknown>, next: Record<string, unknown>): SettingChange[] {
  const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])];
  return keys
    .filter((key) => JSON.stringify(old[key]) !== JSON.stringify(next[key]))
    .map((setting) => ({
      setting,
      ...(old[setting] === undefined ? {} : { from: old[setting] }),
      ...(next[setting] === undefined ? {} : { to: next[setting] }),
    }));
}

function changedLinks(old: Journey, oldIndex: number, next: Journey, newIndex: number): LinkChange[] {
  const before = new Map(stepEdges(old, oldIndex).map((edge) => [edge.label, edge.to]));
  const after = new Map(stepEdges(next, newIndex).map((edge) => [edge.label, edge.to]));
  const labels = [...new Set([...before.keys(), ...after.keys()])];
  return labels
    .filter((label) => before.get(label) !== after.get(label))
    .map((label) => {
      const from = before.get(label);
      const to = after.get(label);
      return { label, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
    });
}
