import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import type { KillResult } from './kill-resume.ts';
import type { PointResult, ScenarioSpec } from './suite.ts';
import { breaks } from './suite.ts';

/** The suite's figures, as the results file keeps them. */
export interface FaultSummary {
  readonly seed: number;
  readonly customers: number;
  readonly scenarioEnd: string;
  /** Store calls of the clean run, and the fault points they offer. */
  readonly storeCalls: number;
  readonly enumerated: number;
  /** Points run, and those the run reached (the fault fired): the distinct points tried. */
  readonly run: number;
  readonly reached: number;
  /** Points whose run ended unlike the clean one: the figure whose target is zero. */
  readonly brokeInvariant: number;
  readonly byFunction: Record<string, { reached: number; broke: number }>;
  readonly byMode: Record<string, { reached: number; broke: number }>;
  /** Each point that broke an invariant, with the kinds of record that differ and the invariant they stand for. */
  readonly broken: { point: string; invariants: string[]; error?: string }[];
  readonly workers: number;
  readonly seconds: number;
}

export function summarize(
  results: readonly PointResult[],
  run: ScenarioSpec & { storeCalls: number; enumerated: number; workers: number; seconds: number },
): FaultSummary {
  const tally = (key: (result: PointResult) => string) => {
    const counts: Record<string, { reached: number; broke: number }> = {};
    for (const result of results) {
      const entry = counts[key(result)] ?? { reached: 0, broke: 0 };
      if (result.fired) entry.reached += 1;
      if (breaks(result)) entry.broke += 1;
      counts[key(result)] = entry;
    }
    return counts;
  };
  return {
    seed: run.seed,
    customers: run.customers,
    scenarioEnd: new Date(run.end).toISOString(),
    storeCalls: run.storeCalls,
    enumerated: run.enumerated,
    run: results.length,
    reached: results.filter((result) => result.fired).length,
    brokeInvariant: results.filter(breaks).length,
    byFunction: tally((result) => result.fn),
    byMode: tally((result) => result.mode),
    broken: results.filter(breaks).map((result) => ({
      point: result.point,
      invariants: [...new Set(result.broken.map((each) => `${each.kind}: ${each.invariant}`))],
      ...(result.error ? { error: result.error } : {}),
    })),
    workers: run.workers,
    seconds: Math.round(run.seconds),
  };
}

export function formatSummary(summary: FaultSummary): string {
  const functions = Object.entries(summary.byFunction)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(
      ([fn, { reached, broke }]) =>
        `  ${fn.padEnd(18)} ${String(reached).padStart(4)} reached, ${broke} broke`,
    );
  return [
    `Fault injection, seed ${summary.seed}, ${summary.customers} customers: ${summary.storeCalls} store calls, ${summary.enumerated} fault points`,
    `Fault points tried: ${summary.reached} distinct (of ${summary.run} run); broke an invariant: ${summary.brokeInvariant}`,
    ...functions,
    ...summary.broken.map((each) => `  BROKE ${each.point}: ${each.error ?? each.invariants.join('; ')}`),
    `${summary.seconds} s on ${summary.workers} workers`,
  ].join('\n');
}

/** The SIGKILL runs' figures. */
export interface KillSummary {
  readonly seed: number;
  readonly kills: number;
  /** Where the resumed runs took up: "day 2", or "start" before the first checkpoint. */
  readonly resumedFrom: Record<string, number>;
  /** Runs that had ended before their kill came, so tried nothing. */
  readonly finishedFirst: number;
  readonly differed: number;
  readonly differences: { afterMs: number; differences: readonly string[] }[];
}

export function summarizeKills(results: readonly KillResult[], seed: number): KillSummary {
  const resumedFrom: Record<string, number> = {};
  for (const result of results) resumedFrom[result.resumedFrom] = (resumedFrom[result.resumedFrom] ?? 0) + 1;
  const differing = results.filter((result) => result.differences.length > 0);
  return {
    seed,
    kills: results.length,
    resumedFrom,
    finishedFirst: results.filter((result) => result.finishedFirst).length,
    differed: differing.length,
    differences: differing.map(({ afterMs, differences }) => ({ afterMs, differences })),
  };
}

export function formatKills(summary: KillSummary): string {
  const from = Object.entries(summary.resumedFrom)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([where, count]) => `${count} from ${where}`)
    .join(', ');
  return [
    `SIGKILL and resume, seed ${summary.seed}: ${summary.kills} kills (${summary.finishedFirst} came after the end); resumed ${from}`,
    `Differed from the uninterrupted run: ${summary.differed}`,
  ].join('\n');
}

/** One section of the results file, with the date and commit; the other benches' figures stay. */
export function writeResultsSection(out: string, key: string, section: object): void {
  const results = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
  const dated = {
    date: new Date().toISOString(),
    commit: currentCommit(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
    ...section,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ ...results, [key]: dated }, null, 2)}\n`);
}

function currentCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
