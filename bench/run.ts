// npm run bench [-- --quick] [-- --out file]: local engine speed at growing sizes, against the two
// local ceilings, and the AWS cost and fan-out models. Timings go to a results file, never to tests.
// npm run bench -- --statistics [--runs N]: how often the lift's 95% interval holds a planted lift.
// npm run bench -- --load [--load-events N] [--clients N]: POST /events on journeys serve, exactly once.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { z } from 'zod';
import { catalogFromWorkspace } from '../workflows/workspace/catalog.ts';
import { bareDynaliteSeconds, bareInterpreterSeconds } from './ceilings.ts';
import { estimate } from './estimate-report.ts';
import { importSpeed } from './import-speed.ts';
import { formatLoad, runLoadBench, writeLoadResults } from './load-bench.ts';
import { parseSimulationReport } from './simulation-report.ts';
import { formatCoverage, runStatisticsBench } from './statistics-coverage.ts';

const run = promisify(execFile);

const Options = z.object({
  quick: z.boolean().default(false),
  out: z.string().min(1).default('bench/results.json'),
  sizes: z
    .string()
    .regex(/^\d+(,\d+)*$/, { error: 'expected customer counts separated by commas, such as 1000,10000' })
    .optional(),
  statistics: z.boolean().default(false),
  load: z.boolean().default(false),
  loadEvents: z.coerce
    .number({ error: 'expected --load-events as a whole number' })
    .int({ error: 'expected --load-events as a whole number' })
    .min(1, { error: 'expected --load-events of at least 1' })
    .default(10_000),
  clients: z.coerce
    .number({ error: 'expected --clients as a whole number' })
    .int({ error: 'expected --clients as a whole number' })
    .min(1, { error: 'expected --clients from 1 to 64' })
    .max(64, { error: 'expected --clients from 1 to 64' })
    .default(8),
  importRows: z.coerce
    .number({ error: 'expected --import-rows as a whole number' })
    .int({ error: 'expected --import-rows as a whole number' })
    .min(1, { error: 'expected --import-rows of at least 1' })
    .optional(),
  runs: z.coerce
    .number({ error: 'expected --runs as a whole number' })
    .int({ error: 'expected --runs as a whole number' })
    .min(100, { error: 'expected --runs of at least 100: fewer cannot tell 95% coverage from 90%' })
    .default(200),
});

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    out: { type: 'string' },
    sizes: { type: 'string' },
    statistics: { type: 'boolean' },
    load: { type: 'boolean' },
    'load-events': { type: 'string' },
    clients: { type: 'string' },
    runs: { type: 'string' },
    'import-rows': { type: 'string' },
  },
});
const { 'import-rows': importRowsFlag, 'load-events': loadEventsFlag, ...flags } = values;
const options = Options.parse({ ...flags, importRows: importRowsFlag, loadEvents: loadEventsFlag });
const log = (line: string) => process.stderr.write(`${line}\n`);

if (options.statistics) {
  const { tally, expected, seconds } = await runStatisticsBench({
    runs: options.runs,
    out: options.out,
    log,
  });
  process.stdout.write(`\n${formatCoverage(tally, expected, seconds)}\nResults written to ${options.out}\n`);
  process.exit(0);
}
if (options.load) {
  const result = await runLoadBench({
    eventsPerPhase: options.loadEvents,
    clients: options.clients,
    batchSizes: [1, 100],
    log,
  });
  writeLoadResults(options.out, result);
  process.stdout.write(`\n${formatLoad(result)}\nResults written to ${options.out}\n`);
  const { lost, doubled, unaccepted, counterMismatches } = result.exactlyOnce;
  process.exit(lost + doubled + unaccepted + counterMismatches.length === 0 ? 0 : 1);
}
const sizes =
  options.sizes?.split(',').map(Number) ?? (options.quick ? [100, 200] : [1_000, 10_000, 100_000]);
const days = options.quick ? 4 : 10;

interface SimulationRun {
  customers: number;
  days: number;
  seconds: number;
  peakRssMb: number;
  operations: {
    standardTransitions: number;
    expressTransitions: number;
    dynamo: { requests: Record<string, number> };
  };
  [key: string]: unknown;
}

const runs: (SimulationRun & { customersPerSecond: number })[] = [];
for (const customers of sizes) {
  log(`simulating ${customers} customers over ${days} days…`);
  const child = run('node', ['--import', 'tsx', 'bench/simulate-once.ts', String(customers), String(days)], {
    maxBuffer: 64 * 1024 * 1024,
  });
  child.child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const { stdout } = await child;
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as SimulationRun;
  runs.push({ ...result, customersPerSecond: result.customers / result.seconds });
  log(
    `  ${customers} customers: ${result.seconds.toFixed(1)} s, ${(result.customers / result.seconds).toFixed(0)} customers/s, peak RSS ${result.peakRssMb.toFixed(0)} MB`,
  );
}

const growth = runs.slice(1).map((current, index) => {
  const previous = runs[index] as SimulationRun;
  return {
    from: previous.customers,
    to: current.customers,
    sizeRatio: current.customers / previous.customers,
    timeRatio: current.seconds / previous.seconds,
    memoryRatio: current.peakRssMb / previous.peakRssMb,
  };
});

const largest = runs.at(-1) as SimulationRun;
const requests = Object.values(largest.operations.dynamo.requests).reduce((sum, count) => sum + count, 0);
const writes = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'].reduce(
  (sum, name) => sum + (largest.operations.dynamo.requests[name] ?? 0),
  0,
);
log(
  `ceiling: bare interpreter on the same ASL, ${largest.operations.standardTransitions + largest.operations.expressTransitions} states…`,
);
const journeys = [...(await catalogFromWorkspace('workflows')).journeys.values()];
const interpreterSeconds = await bareInterpreterSeconds(
  journeys,
  largest.operations.standardTransitions + largest.operations.expressTransitions,
);
log(`ceiling: bare dynalite, ${requests} requests…`);
const dynaliteSeconds = await bareDynaliteSeconds(requests, requests > 0 ? writes / requests : 0.5);

// 20,000 rows keep the default run short; `--import-rows 100000` gives the figure docs/performance.md records.
const importRows = options.importRows ?? (options.quick ? 1_000 : 20_000);
log(`importing ${importRows} customers from a CSV…`);
const customerImport = await importSpeed(importRows);
log(
  `  ${importRows} rows: ${customerImport.seconds.toFixed(1)} s, ${customerImport.rowsPerSecond.toFixed(0)} rows/s; again (unchanged) ${customerImport.reimportRowsPerSecond.toFixed(0)} rows/s`,
);

// The AWS model prices the largest simulation's counted operations.
const reportOf = (run: SimulationRun, label: string) =>
  parseSimulationReport({ ...run, options: { customers: run.customers, days: run.days } }, label);
const secondLargest = runs.at(-2);
const aws = estimate(
  reportOf(largest, 'the largest simulation'),
  new Map(journeys.map((journey) => [journey.id, journey])),
  secondLargest && reportOf(secondLargest, 'the second largest simulation'),
);

const results = {
  date: new Date().toISOString(),
  quick: options.quick,
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  // The funnels and options stay in the simulation's own report; the bench keeps speed and counts.
  simulations: runs.map(({ funnels: _funnels, options: _options, ...simulation }) => simulation),
  growth,
  ceilings: {
    customers: largest.customers,
    interpreterSeconds,
    dynaliteSeconds,
    simulationToInterpreter: largest.seconds / interpreterSeconds,
    simulationToDynalite: largest.seconds / dynaliteSeconds,
  },
  import: customerImport,
  aws: aws.results,
};
mkdirSync(dirname(options.out), { recursive: true });
// The coverage of `--statistics` and the `--load` figures are measured apart; a speed run keeps them.
const previous = existsSync(options.out) ? JSON.parse(readFileSync(options.out, 'utf8')) : {};
const { statistics, load } = previous;
writeFileSync(
  options.out,
  `${JSON.stringify({ ...results, ...(statistics ? { statistics } : {}), ...(load ? { load } : {}) }, null, 2)}\n`,
);

const table = [
  ['customers', 'days', 'seconds', 'customers/s', 'peak RSS MB', 'DynamoDB requests'],
  ...results.simulations.map((simulation) => [
    String(simulation.customers),
    String(simulation.days),
    simulation.seconds.toFixed(1),
    simulation.customersPerSecond.toFixed(0),
    simulation.peakRssMb.toFixed(0),
    String(Object.values(simulation.operations.dynamo.requests).reduce((sum, count) => sum + count, 0)),
  ]),
];
const widths = (table[0] as string[]).map((_, column) =>
  Math.max(...table.map((row) => (row[column] ?? '').length)),
);
process.stdout.write(
  `\nLocal engine (${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node})\n`,
);
for (const row of table)
  process.stdout.write(`  ${row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ')}\n`);
for (const step of growth) {
  process.stdout.write(
    `  ${step.from} → ${step.to} customers (×${step.sizeRatio}): time ×${step.timeRatio.toFixed(2)}, memory ×${step.memoryRatio.toFixed(2)}\n`,
  );
}
process.stdout.write(
  `\nAgainst the local ceilings, at ${largest.customers} customers:\n  bare interpreter ${interpreterSeconds.toFixed(1)} s → simulation is ×${results.ceilings.simulationToInterpreter.toFixed(1)}\n  bare dynalite ${dynaliteSeconds.toFixed(1)} s → simulation is ×${results.ceilings.simulationToDynalite.toFixed(1)}\n`,
);
process.stdout.write(
  `\nCustomer import (journeys customers import, CSV into the embedded engine):\n  ${customerImport.rows} rows in ${customerImport.seconds.toFixed(1)} s: ${customerImport.rowsPerSecond.toFixed(0)} rows/s; the same file again: ${customerImport.reimportRowsPerSecond.toFixed(0)} rows/s, nothing written\n`,
);
process.stdout.write(
  `\nAWS cost and fan-out model, from the ${largest.customers}-customer run:\n${aws.lines.join('\n')}\n`,
);
process.stdout.write(`\nResults written to ${options.out}\n`);
process.exit(0);
