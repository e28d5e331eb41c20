// npm run faults [-- --seed N] [--customers N] [--points N | --all] [--workers N] [--out file]:
// the fault-injection suite. A clean run of a seeded scenario records every store call of every
// handler; each fault point then runs the same seed with one fault there (a throw before or after
// the call, a lost answer to its write, a failed request), lets the retries work, and compares the
// final state with the clean run's. Reports the points tried and how many broke an invariant.
// npm run faults -- --kill N: N seeded SIGKILLs of a --data-dir simulation, each resumed.
// npm run faults -- --serve-kill N: N seeded SIGKILLs of `journeys serve` under POST /events, each
// restarted and the unanswered events posted again; every event answered 200 must be applied once.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { FaultPoint } from '../../engine/faults/fault-points.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { samplePoints } from './enumerate.ts';
import { killAndResume } from './kill-resume.ts';
import { formatKills, formatSummary, summarize, summarizeKills, writeResultsSection } from './report.ts';
import { SCENARIO_END } from './scenario.ts';
import { killServeAndRetry, SERVE_KILL_LOAD } from './serve-kill.ts';
import { formatServeKills, summarizeServeKills } from './serve-kill-report.ts';
import { cleanRun, type PointResult, verdict } from './suite.ts';
import type { WorkOrder } from './worker.ts';

const whole = (flag: string, min: number) =>
  z.coerce
    .number({ error: `expected --${flag} as a whole number` })
    .int({ error: `expected --${flag} as a whole number` })
    .min(min, { error: `expected --${flag} of at least ${min}` });

const Options = z.object({
  seed: whole('seed', 0).default(618),
  customers: whole('customers', 4).default(12),
  points: whole('points', 1).default(240),
  all: z.boolean().default(false),
  workers: whole('workers', 1).max(8, { error: 'expected --workers from 1 to 8' }).default(2),
  out: z.string().min(1).default('bench/results.json'),
  kill: whole('kill', 1).optional(),
  serveKill: whole('serve-kill', 1).optional(),
});

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    customers: { type: 'string' },
    points: { type: 'string' },
    all: { type: 'boolean' },
    workers: { type: 'string' },
    out: { type: 'string' },
    kill: { type: 'string' },
    'serve-kill': { type: 'string' },
  },
});
const parsed = Options.safeParse({ ...values, serveKill: values['serve-kill'] });
if (!parsed.success) {
  process.stderr.write(`${parsed.error.issues.map((issue) => issue.message).join('\n')}\n`);
  process.exit(2);
}
const options = parsed.data;
const log = (line: string) => process.stderr.write(`${line}\n`);
const WORKSPACE = 'workflows';

if (options.kill !== undefined) {
  const kills = await killAndResume(options.kill, options.seed, log);
  const summary = summarizeKills(kills, options.seed);
  writeResultsSection(options.out, 'faultKills', summary);
  process.stdout.write(`${formatKills(summary)}\nResults written to ${options.out}\n`);
  process.exit(summary.differed === 0 ? 0 : 1);
}

const started = performance.now();
if (options.serveKill !== undefined) {
  const results = await killServeAndRetry(options.serveKill, options.seed, log);
  const seconds = (performance.now() - started) / 1000;
  const summary = summarizeServeKills(results, { seed: options.seed, load: SERVE_KILL_LOAD, seconds });
  writeResultsSection(options.out, 'faultServeKills', summary);
  process.stdout.write(`${formatServeKills(summary)}\nResults written to ${options.out}\n`);
  process.exit(summary.violatedKills === 0 ? 0 : 1);
}
const catalog = await catalogFromWorkspace(WORKSPACE);
const spec = { seed: options.seed, customers: options.customers, end: SCENARIO_END };
const clean = await cleanRun(catalog, spec, true);
if (clean.nondeterminism.length > 0) {
  log(`Two clean runs of seed ${spec.seed} differ, so no fault run can be compared:`);
  log(JSON.stringify(clean.nondeterminism, null, 2));
  process.exit(1);
}
const points = options.all ? [...clean.points] : samplePoints(clean.points, options.points, spec.seed);
log(
  `${clean.storeCalls} store calls; ${clean.points.length} fault points; trying ${points.length} on ${options.workers} workers`,
);

const results = await inWorkers(points, options.workers);
const summary = summarize(results, {
  ...spec,
  storeCalls: clean.storeCalls,
  enumerated: clean.points.length,
  workers: options.workers,
  seconds: (performance.now() - started) / 1000,
});
writeResultsSection(options.out, 'faults', summary);
process.stdout.write(`${formatSummary(summary)}\nResults written to ${options.out}\n`);
process.exit(summary.brokeInvariant === 0 ? 0 : 1);

/** The points dealt round-robin to `count` worker processes; results in the points' order. */
async function inWorkers(all: readonly FaultPoint[], count: number): Promise<PointResult[]> {
  const worker = fileURLToPath(new URL('./worker.ts', import.meta.url));
  const byPoint = new Map<number, PointResult>();
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.min(count, all.length) }, (_, k) => {
      const mine = all.flatMap((point, index) => (index % count === k ? [{ point, index }] : []));
      return new Promise<void>((resolve, reject) => {
        const child = fork(worker, [], { execArgv: ['--max-semi-space-size=64', '--import', 'tsx'] });
        let next = 0;
        child.on('message', (result: PointResult) => {
          const slot = mine[next];
          next += 1;
          done += 1;
          if (slot) byPoint.set(slot.index, result);
          log(`${done}/${all.length} ${result.point}: ${verdict(result)}`);
        });
        child.on('exit', (code) =>
          next === mine.length
            ? resolve()
            : reject(new Error(`worker ${k} stopped (${code}) after ${next} points`)),
        );
        const order: WorkOrder = {
          workspace: WORKSPACE,
          spec,
          clean: clean.state,
          points: mine.map((each) => each.point),
        };
        child.send(order);
      });
    }),
  );
  return all.flatMap((_, index) => {
    const result = byPoint.get(index);
    return result ? [result] : [];
  });
}
