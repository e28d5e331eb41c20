import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEngine } from '../../engine/engine.ts';
import { createRng } from '../../simulation/random.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { type AppliedState, type ExactlyOnceTally, tallyExactlyOnce } from '../exactly-once-tally.ts';
import { appliedState as appliedStateOf, loadEvents } from '../load-bench.ts';
import type { Pending } from '../load-clients.ts';
import { postUntilDown } from './kill-clients.ts';

/** Each kill's load: carts and purchases, a customer to four events, posted as batches by a few clients. */
export interface ServeKillLoad {
  readonly events: number;
  readonly batchSize: number;
  readonly clients: number;
  /** The kill comes up to this many ms after its answer: about the time a batch takes, so some land mid-write. */
  readonly killWithinMs: number;
}

export const SERVE_KILL_LOAD: ServeKillLoad = { events: 160, batchSize: 5, clients: 4, killWithinMs: 150 };

/** One SIGKILL of `journeys serve` under POST /events, and what the tables held after the restart. */
export interface ServeKillResult {
  /** The kill came this many ms after the `afterAnswers`-th answered request. */
  readonly afterAnswers: number;
  readonly afterMs: number;
  /** Events answered 200 (accepted or duplicate) before the kill. */
  readonly answeredBeforeKill: number;
  /** Events posted without an answer when the server died, posted again after the restart. */
  readonly retried: number;
  /** Of those, the ones the restarted server answered `duplicate`: applied before the kill, answer lost. */
  readonly retriedFoundApplied: number;
  /** Events posted for the first time after the restart. */
  readonly postedAfterRestart: number;
  /** Events never answered 200 (each rejected or failed every time, or unanswered after the restart). */
  readonly givenUp: number;
  readonly tally: ExactlyOnceTally;
}

/** Events answered 200 that are not in the tables once, plus customers whose counters are off. */
export const violations = (result: ServeKillResult): number =>
  result.tally.lost + result.tally.doubled + result.tally.unaccepted + result.tally.counterMismatches.length;

/**
 * `kills` times: `journeys serve --data-dir` takes POST /events from a few clients and is killed
 * with SIGKILL a seeded few ms after a seeded answer, then restarted on the same data folder; the
 * clients post again every batch that got no answer (the same event ids) and the rest. Then the
 * tables are read: each event answered 200 has one timeline item, no event is there that never was
 * answered 200, and each customer's order count and spend sum their answered purchases.
 */
export async function killServeAndRetry(
  kills: number,
  seed: number,
  log: (line: string) => void,
  load: ServeKillLoad = SERVE_KILL_LOAD,
): Promise<ServeKillResult[]> {
  const folder = mkdtempSync(join(tmpdir(), 'journeys-serve-kills-'));
  const rng = createRng(seed).fork('serve-kills');
  const batches = Math.ceil(load.events / load.batchSize);
  const results: ServeKillResult[] = [];
  try {
    for (let index = 0; index < kills; index += 1) {
      const afterAnswers = rng.int(1, Math.max(1, Math.floor(batches / 2)));
      const afterMs = rng.int(0, load.killWithinMs);
      const dataDir = join(folder, `data-${index}`);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/events`;
      const events = loadEvents(`kill${index}`, load.events, Date.now());
      const queue: Pending[][] = [];
      for (let start = 0; start < events.length; start += load.batchSize)
        queue.push(events.slice(start, start + load.batchSize).map((event) => ({ event, attempts: 0 })));

      const first = await startServe(dataDir, port, join(folder, `outbox-${index}.jsonl`));
      const killed = new Promise((resolve) => first.once('exit', resolve));
      const before = await postUntilDown(url, queue, load.clients, (answered) => {
        if (answered === afterAnswers) setTimeout(() => first.kill('SIGKILL'), afterMs);
      });
      await killed;

      const second = await startServe(dataDir, port, join(folder, `outbox-${index}.jsonl`));
      const retriedIds = new Set(before.unanswered.flat().map((entry) => entry.event.body.eventId));
      for (const entry of before.unanswered.flat()) entry.attempts = 0;
      const after = await postUntilDown(url, [...before.unanswered, ...before.unsent], load.clients);
      await stopServe(second);

      const answered = [...before.accepted, ...before.duplicates, ...after.accepted, ...after.duplicates];
      const customers = [...new Set(events.map((event) => event.body.customerId))];
      const state = await appliedState(dataDir, customers);
      const result: ServeKillResult = {
        afterAnswers,
        afterMs,
        answeredBeforeKill: before.accepted.length + before.duplicates.length,
        retried: retriedIds.size,
        retriedFoundApplied: after.duplicates.filter((event) => retriedIds.has(event.eventId)).length,
        postedAfterRestart: before.unsent.flat().length,
        givenUp: before.givenUp + after.givenUp + after.unanswered.flat().length,
        tally: tallyExactlyOnce(answered, state),
      };
      results.push(result);
      log(
        `kill ${index + 1}/${kills} ${afterMs} ms after answer ${afterAnswers}: ${result.answeredBeforeKill} answered before, ${result.retried} retried (${result.retriedFoundApplied} found applied), ${violations(result) === 0 ? 'ok' : `VIOLATED ${JSON.stringify(result.tally)}`}`,
      );
    }
    return results;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A port free now, for the server and its restart to share. */
function freePort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `journeys serve` on `dataDir` and `port`, once it says it is serving. */
function startServe(dataDir: string, port: number, outbox: string): Promise<ChildProcess> {
  const args = ['serve', '--data-dir', dataDir, '--port', String(port), '--deliver', 'outbox'];
  const child = spawn(process.execPath, ['bin/journeys.js', ...args, '--outbox', outbox], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let said = '';
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`journeys serve stopped (${code}): ${said}`));
    child.once('exit', onExit);
    child.stderr?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('Journeys is serving')) {
        child.off('exit', onExit);
        resolve(child);
      }
    });
  });
}

async function stopServe(child: ChildProcess): Promise<void> {
  const stopped = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await stopped;
}

/** The customers' timelines and profile counters, read from the data folder through the engine's stores. */
async function appliedState(dataDir: string, customerIds: readonly string[]): Promise<AppliedState> {
  const engine = await LocalEngine.start({
    catalog: await catalogFromWorkspace('workflows'),
    startAt: Date.now(),
    dataDir,
  });
  try {
    return await appliedStateOf(engine, customerIds);
  } finally {
    await engine.stop();
  }
}
