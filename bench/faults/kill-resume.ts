import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRng } from '../../simulation/random.ts';

const run = promisify(execFile);

/** A persistent simulation small enough to run 21 times: the one the crash-resume test kills once. */
const DAYS = 5;
const SIMULATION = [
  'bin/journeys.js',
  'simulate',
  '--customers',
  '150',
  '--days',
  String(DAYS),
  '--seed',
  '7',
];

/** One SIGKILL: when it came, where the resumed run took up, and what differed from the uninterrupted run. */
export interface KillResult {
  /** The simulated day whose report started the countdown (0: the start), and the countdown. */
  readonly afterDay: number;
  readonly afterMs: number;
  /** "day 2", or "start" when the kill came before the first checkpoint (or during one). */
  readonly resumedFrom: string;
  /** True when the simulation had ended before the kill came. */
  readonly finishedFirst: boolean;
  readonly differences: readonly string[];
}

interface Outcome {
  readonly report: {
    funnels: unknown;
    messages: number;
    operations: { standardTransitions: number; lambdaInvocations: unknown };
  };
  readonly outboxKeys: string[];
}

/**
 * `kills` seeded SIGKILLs of a `--data-dir` simulation, each resumed to its end and compared with
 * an uninterrupted run: the same funnels, messages and state transitions, and an outbox that
 * holds each message once. Each kill comes a seeded part of a second after the simulation reports
 * a seeded day, so the kills spread over the days whatever the machine's speed.
 */
export async function killAndResume(
  kills: number,
  seed: number,
  log: (line: string) => void,
): Promise<KillResult[]> {
  const folder = mkdtempSync(join(tmpdir(), 'journeys-kills-'));
  try {
    const expected = await simulate(join(folder, 'clean'), []);
    const rng = createRng(seed).fork('kills');
    const results: KillResult[] = [];
    for (let index = 0; index < kills; index += 1) {
      // A seeded part of a second after the report of a seeded day (0: two seconds after the start).
      const afterDay = rng.int(0, DAYS - 1);
      const afterMs = rng.int(0, 1000) + (afterDay === 0 ? 2000 : 0);
      const dataDir = join(folder, `data-${index}`);
      const files = join(folder, `run-${index}`);
      const finishedFirst = await killAfter(afterDay, afterMs, [...outputs(files), '--data-dir', dataDir]);
      const resumed = await simulate(files, ['--data-dir', dataDir]);
      const result = {
        afterDay,
        afterMs,
        finishedFirst,
        resumedFrom: resumed.from,
        differences: compare(expected, resumed),
      };
      results.push(result);
      log(
        `kill ${index + 1}/${kills} ${afterMs} ms after day ${afterDay}, resumed from ${result.resumedFrom}: ${result.differences.length === 0 ? 'ok' : `DIFFERS ${result.differences.join('; ')}`}`,
      );
    }
    return results;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const outputs = (prefix: string) => ['--report', `${prefix}.json`, '--outbox', `${prefix}.jsonl`];

async function simulate(prefix: string, extra: readonly string[]): Promise<Outcome & { from: string }> {
  const { stderr } = await run(process.execPath, [...SIMULATION, ...outputs(prefix), ...extra], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(readFileSync(`${prefix}.json`, 'utf8')) as Outcome['report'];
  const outboxKeys = readFileSync(`${prefix}.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { idempotencyKey: string }).idempotencyKey);
  return { report, outboxKeys, from: stderr.match(/resuming after (day \d+)/)?.[1] ?? 'start' };
}

/**
 * Starts the simulation and kills it hard `ms` after it reports `day` (from its start for day 0),
 * so the kills spread over the simulated days whatever the machine's speed; true when it ended first.
 */
function killAfter(day: number, ms: number, args: readonly string[]): Promise<boolean> {
  const child = spawn(process.execPath, [...SIMULATION, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer ??= setTimeout(() => child.kill('SIGKILL'), ms);
  };
  if (day === 0) arm();
  let progress = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    progress += chunk.toString();
    if (progress.includes(`day ${day}/${DAYS}`)) arm();
  });
  return new Promise((resolve) => {
    child.once('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve(signal !== 'SIGKILL');
    });
  });
}

function compare(expected: Outcome, actual: Outcome): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const differences: string[] = [];
  if (!same(actual.report.funnels, expected.report.funnels)) differences.push('funnels');
  if (actual.report.messages !== expected.report.messages) differences.push('messages');
  if (actual.report.operations.standardTransitions !== expected.report.operations.standardTransitions)
    differences.push('state transitions');
  if (new Set(actual.outboxKeys).size !== actual.outboxKeys.length)
    differences.push('a message twice in the outbox');
  if (!same([...new Set(actual.outboxKeys)].sort(), [...new Set(expected.outboxKeys)].sort()))
    differences.push('the outbox holds other messages');
  return differences;
}
