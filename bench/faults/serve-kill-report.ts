import type { ServeKillLoad, ServeKillResult } from './serve-kill.ts';
import { violations } from './serve-kill.ts';

/** The serve kills' figures, as the results file keeps them. */
export interface ServeKillSummary {
  readonly seed: number;
  readonly kills: number;
  readonly load: ServeKillLoad;
  /** Events answered 200 over all kills, and those before their kill. */
  readonly answered: number;
  readonly answeredBeforeKill: number;
  /** Events posted again after a restart because their post got no answer, and those found applied already. */
  readonly retried: number;
  readonly retriedFoundApplied: number;
  readonly givenUp: number;
  /** Answered events not applied once, unanswered ones applied, customers with wrong counters: the figures whose target is zero. */
  readonly lost: number;
  readonly doubled: number;
  readonly unaccepted: number;
  readonly counterMismatches: number;
  readonly violatedKills: number;
  readonly seconds: number;
}

export function summarizeServeKills(
  results: readonly ServeKillResult[],
  run: { seed: number; load: ServeKillLoad; seconds: number },
): ServeKillSummary {
  const sum = (figure: (result: ServeKillResult) => number) =>
    results.reduce((total, result) => total + figure(result), 0);
  return {
    seed: run.seed,
    kills: results.length,
    load: run.load,
    answered: sum((result) => result.tally.accepted),
    answeredBeforeKill: sum((result) => result.answeredBeforeKill),
    retried: sum((result) => result.retried),
    retriedFoundApplied: sum((result) => result.retriedFoundApplied),
    givenUp: sum((result) => result.givenUp),
    lost: sum((result) => result.tally.lost),
    doubled: sum((result) => result.tally.doubled),
    unaccepted: sum((result) => result.tally.unaccepted),
    counterMismatches: sum((result) => result.tally.counterMismatches.length),
    violatedKills: results.filter((result) => violations(result) > 0).length,
    seconds: Math.round(run.seconds),
  };
}

export function formatServeKills(summary: ServeKillSummary): string {
  return [
    `journeys serve killed under POST /events, seed ${summary.seed}: ${summary.kills} kills, ${summary.answered} events answered 200 (${summary.answeredBeforeKill} before their kill)`,
    `Posted again after a restart: ${summary.retried} (${summary.retriedFoundApplied} found applied before the kill); given up: ${summary.givenUp}`,
    `Lost ${summary.lost}, applied twice ${summary.doubled}, applied unanswered ${summary.unaccepted}, customers with wrong counters ${summary.counterMismatches}; kills with a violation: ${summary.violatedKills} (${summary.seconds} s)`,
  ].join('\n');
}
