import type { DateTime } from 'luxon';
import { checkCron } from '../language/cron.ts';
import { durationSeconds, formatDuration } from '../language/duration.ts';
import { type Edge, END, journeyGraph } from '../language/journey-graph.ts';
import { isTimeZone, parseDateTime, resolveMoment } from '../language/moment.ts';
import { checkEvery, DEFAULT_CHECK_EVERY, type Journey, type Moment, type Step } from '../schema/index.ts';
import type { DocumentPath, Violation } from './violation.ts';

/** A Standard execution lives at most one year. */
export const MAX_EXECUTION_SECONDS = 365 * 86_400;
/** Cohorts form per minute, so nothing finer than a minute is meaningful. */
export const MIN_CHECK_SECONDS = 60;
/**
 * An execution's history holds 25,000 events; each wait_for check costs about 17 of them
 * (Wait, Map run, counter, Choice, fork), so about 1,000 checks leave room for the other steps.
 */
export const MAX_CHECKS_PER_WAIT_FOR = 1_000;

export function timeViolations(journey: Journey): Violation[] {
  return [
    ...zoneAndCronViolations(journey),
    ...momentViolations(journey),
    ...durationViolations(journey),
    ...orderViolations(journey),
  ];
}

function zoneAndCronViolations(journey: Journey): Violation[] {
  const violations: Violation[] = [];
  const badZone = (zone: string, path: DocumentPath) =>
    violations.push({
      code: 'time.unknown_zone',
      path,
      message: `"${zone}" is not an IANA time zone; expected a name such as "Asia/Shanghai" or "America/New_York"`,
    });
  if (journey.trigger.kind === 'schedule') {
    if (!isTimeZone(journey.trigger.timezone)) badZone(journey.trigger.timezone, ['trigger', 'timezone']);
    if (journey.trigger.cron !== undefined) {
      const cron = checkCron(journey.trigger.cron);
      if (!cron.ok)
        violations.push({ code: 'time.invalid_cron', path: ['trigger', 'cron'], message: cron.problem });
    }
  }
  if (journey.campaign) {
    if (!isTimeZone(journey.campaign.timezone)) badZone(journey.campaign.timezone, ['campaign', 'timezone']);
    else {
      for (const [name, text] of Object.entries(journey.campaign.dates)) {
        const parsed = parseDateTime(text, journey.campaign.timezone);
        if (!parsed.ok)
          violations.push({
            code: 'time.invalid_date',
            path: ['campaign', 'dates', name],
            message: parsed.problem,
          });
      }
    }
  }
  return violations;
}

/** Every moment in the journey, with where it is written. */
function moments(journey: Journey): { moment: Moment; path: DocumentPath }[] {
  const found: { moment: Moment; path: DocumentPath }[] = [];
  if (journey.trigger.kind === 'schedule' && journey.trigger.at !== undefined) {
    found.push({ moment: journey.trigger.at, path: ['trigger', 'at'] });
  }
  journey.steps.forEach((step, index) => {
    if (step.kind === 'wait' && step.until !== undefined)
      found.push({ moment: step.until, path: ['steps', index, 'until'] });
  });
  return found;
}

function zoneOf(journey: Journey): string {
  if (journey.campaign && isTimeZone(journey.campaign.timezone)) return journey.campaign.timezone;
  if (journey.trigger.kind === 'schedule' && isTimeZone(journey.trigger.timezone))
    return journey.trigger.timezone;
  return 'UTC';
}

function resolve(journey: Journey, moment: Moment) {
  return resolveMoment(moment, journey.campaign, zoneOf(journey));
}

function momentViolations(journey: Journey): Violation[] {
  const campaignZoneBroken = journey.campaign !== undefined && !isTimeZone(journey.campaign.timezone);
  return moments(journey).flatMap(({ moment, path }) => {
    // A moment on a defined campaign date, or read in a broken campaign zone, fails because of
    // the campaign itself, which is reported once where it is written.
    if (typeof moment !== 'string' && journey.campaign?.dates[moment.date] !== undefined) return [];
    if (typeof moment === 'string' && campaignZoneBroken && !/(Z|[+-]\d{2}:\d{2})$/.test(moment)) return [];
    const resolved = resolve(journey, moment);
    if (resolved.ok) return [];
    const code = typeof moment === 'string' ? 'time.invalid_date' : 'reference.unknown_date';
    return [{ code, path: typeof moment === 'string' ? path : [...path, 'date'], message: resolved.problem }];
  });
}

function durationViolations(journey: Journey): Violation[] {
  const violations: Violation[] = [];
  const tooLong = (text: string, path: DocumentPath, what: string) => {
    if (durationSeconds(text) > MAX_EXECUTION_SECONDS) {
      violations.push({
        code: 'time.over_execution_limit',
        path,
        message: `${what} of ${text} is longer than a Step Functions Standard execution can live (1 year, 365d)`,
      });
    }
  };
  if (journey.trigger.kind === 'event' && journey.trigger.cohort_window !== undefined) {
    const window = durationSeconds(journey.trigger.cohort_window);
    if (window % 60 !== 0 || 86_400 % window !== 0) {
      violations.push({
        code: 'time.invalid_cohort_window',
        path: ['trigger', 'cohort_window'],
        message: `cohort_window "${journey.trigger.cohort_window}" does not divide a day into whole minutes; expected a window such as "1m", "5m", "15m", "30m", "1h", "6h" or "1d"`,
      });
    }
  }
  journey.steps.forEach((step, index) => {
    if (step.kind === 'wait' && step.duration) tooLong(step.duration, ['steps', index, 'duration'], 'a wait');
    if (step.kind === 'wait_for') {
      const timeout = durationSeconds(step.timeout);
      const every = durationSeconds(checkEvery(step));
      const everyText =
        step.check_every === undefined
          ? `check_every (default "${DEFAULT_CHECK_EVERY}")`
          : `check_every "${step.check_every}"`;
      tooLong(step.timeout, ['steps', index, 'timeout'], 'a timeout');
      if (every < MIN_CHECK_SECONDS) {
        violations.push({
          code: 'time.check_too_frequent',
          path: ['steps', index, 'check_every'],
          message: `${everyText} is below one minute, the precision of cohorts; expected "1m" or more`,
        });
      } else if (every > timeout) {
        violations.push({
          code: 'time.check_after_timeout',
          path: ['steps', index, 'check_every'],
          message: `${everyText} is longer than the timeout "${step.timeout}"; expected at most the timeout`,
        });
      } else if (Math.ceil(timeout / every) > MAX_CHECKS_PER_WAIT_FOR) {
        violations.push({
          code: 'time.too_many_checks',
          path: ['steps', index, 'check_every'],
          message: `checking every ${checkEvery(step)}${step.check_every === undefined ? ' (the default)' : ''} for ${step.timeout} makes ${Math.ceil(timeout / every)} checks; an execution has room for ${MAX_CHECKS_PER_WAIT_FOR}, so check less often (at least every ${formatDuration(Math.ceil(timeout / MAX_CHECKS_PER_WAIT_FOR / 60) * 60)})`,
        });
      }
    }
  });
  if (journey.goal) tooLong(journey.goal.within, ['goal', 'within'], 'a goal window');
  // Waits that are each within the limit can still add up past it: report the first step so reached.
  if (violations.some((violation) => violation.code === 'time.over_execution_limit')) return violations;
  const { latest } = arrivalTimes(journey);
  const index = journey.steps.findIndex((step) => (latest.get(step.id) ?? 0) > MAX_EXECUTION_SECONDS);
  const step = journey.steps[index];
  if (step) {
    violations.push({
      code: 'time.over_execution_limit',
      path: ['steps', index],
      message: `customers can reach step "${step.id}" ${formatDuration(latest.get(step.id) ?? 0)} after entry, past the 1-year life of a Standard execution; shorten the waits before it`,
    });
  }
  return violations;
}

function orderViolations(journey: Journey): Violation[] {
  if (journey.trigger.kind !== 'schedule' || journey.trigger.at === undefined) return [];
  const start = resolve(journey, journey.trigger.at);
  if (!start.ok) return [];
  const { earliest } = arrivalTimes(journey, start.at);
  return journey.steps.flatMap((step, index) => {
    if (step.kind !== 'wait' || step.until === undefined) return [];
    const until = resolve(journey, step.until);
    const arrival = earliest.get(step.id);
    if (!until.ok || arrival === undefined) return [];
    const arrivesAt = start.at.plus({ seconds: arrival.beforeStep });
    if (arrivesAt.toMillis() <= until.at.toMillis()) return [];
    // Marketers read campaign times on the local clock; UTC alone leaves them converting.
    const zone = zoneOf(journey);
    const local =
      zone === 'UTC'
        ? ''
        : ` (in ${zone}: waits until ${wallClock(until.at, zone)}, earliest arrival ${wallClock(arrivesAt, zone)})`;
    return [
      {
        code: 'time.campaign_order',
        path: ['steps', index, 'until'],
        message: `waits until ${iso(until.at)}, but customers reach this step no earlier than ${iso(arrivesAt)}${local}; the trigger and the waits and wait_for timeouts before this step must end before the moment it waits for`,
      },
    ];
  });
}

function iso(at: DateTime): string {
  return at.toUTC().toISO({ suppressMilliseconds: true }) ?? String(at);
}

function wallClock(at: DateTime, zone: string): string {
  const local = at.setZone(zone);
  return local.toFormat(local.second === 0 ? 'yyyy-MM-dd HH:mm' : 'yyyy-MM-dd HH:mm:ss');
}

/**
 * Seconds from entry at which customers can arrive at each step, over the graph with
 * loops cut: the earliest (shortest waits) and the latest (longest waits).
 */
function arrivalTimes(journey: Journey, start?: DateTime) {
  const graph = journeyGraph(journey);
  const order = topologicalOrder(graph.entry, graph.successors);
  const byId = new Map(journey.steps.map((step) => [step.id, step]));
  const edgesFrom = new Map<string, Edge[]>();
  for (const edge of graph.edges) edgesFrom.set(edge.from, [...(edgesFrom.get(edge.from) ?? []), edge]);
  const earliest = new Map<string, { beforeStep: number }>([[graph.entry, { beforeStep: 0 }]]);
  const latest = new Map<string, number>([[graph.entry, 0]]);
  for (const id of order.ids) {
    const step = byId.get(id);
    const arrivedEarliest = earliest.get(id);
    const arrivedLatest = latest.get(id);
    if (!step || arrivedEarliest === undefined || arrivedLatest === undefined) continue;
    for (const { to: next, label } of edgesFrom.get(id) ?? []) {
      if (next === END || !graph.indexOf.has(next) || order.backEdges.has(`${id}>${next}`)) continue;
      const leaveEarliest =
        arrivedEarliest.beforeStep +
        stepSeconds(journey, step, label, arrivedEarliest.beforeStep, start, 'min');
      const leaveLatest = arrivedLatest + stepSeconds(journey, step, label, arrivedLatest, start, 'max');
      const known = earliest.get(next);
      if (!known || leaveEarliest < known.beforeStep) earliest.set(next, { beforeStep: leaveEarliest });
      latest.set(next, Math.max(latest.get(next) ?? 0, leaveLatest));
    }
  }
  return { earliest, latest };
}

/** Seconds customers spend in a step before they leave it by the edge with this label. */
function stepSeconds(
  journey: Journey,
  step: Step,
  label: string,
  arrival: number,
  start: DateTime | undefined,
  bound: 'min' | 'max',
): number {
  if (step.kind === 'wait') {
    if (step.duration) return durationSeconds(step.duration);
    if (!start || step.until === undefined) return 0;
    const until = resolve(journey, step.until);
    if (!until.ok) return 0;
    return Math.max(0, until.at.diff(start, 'seconds').seconds - arrival);
  }
  if (step.kind === 'wait_for') {
    if (bound === 'max') return durationSeconds(step.timeout);
    // Event takers leave from the first check; the rest only after the last check, which the
    // compiled loop makes at the first whole check interval not before the timeout.
    const every = durationSeconds(checkEvery(step));
    const timeout = durationSeconds(step.timeout);
    if (label !== 'timeout') return every;
    return every > 0 ? Math.ceil(timeout / every) * every : timeout;
  }
  return 0;
}

function topologicalOrder(entry: string, successors: (id: string) => readonly string[]) {
  const state = new Map<string, 'open' | 'done'>();
  const backEdges = new Set<string>();
  const postOrder: string[] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const next of successors(id)) {
      if (next === END) continue;
      if (state.get(next) === 'open') backEdges.add(`${id}>${next}`);
      else if (!state.has(next)) visit(next);
    }
    state.set(id, 'done');
    postOrder.push(id);
  };
  visit(entry);
  return { ids: postOrder.reverse(), backEdges };
}
