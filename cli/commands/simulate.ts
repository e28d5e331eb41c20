import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { type LocalSes, startLocalSes } from '../../engine/local-ses.ts';
import { formatReport, reportJson } from '../../simulation/report.ts';
import { runSimulation } from '../../simulation/simulate.ts';
import { readMappingFile } from '../../workflows/import/mapping-file.ts';
import { formatOf } from '../../workflows/import/read-rows.ts';
import { formatViolation } from '../../workflows/rules/violation.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { htmlPathOf, writeSimulationHtml } from '../html-report.ts';
import { parseOptions, UsageError } from '../options.ts';
import { SendRateOptions, sendRatesOf, withSendRateFlags } from '../send-rate-options.ts';

const wholeNumber = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `expected ${name} as a whole number` })
    .int({ error: `expected ${name} as a whole number` })
    .min(min, { error: `expected ${name} of at least ${min}` })
    .max(max, { error: `expected ${name} of at most ${max}` });

/** The channels a simulation can deliver for real; every other message goes to the outbox. */
const REAL_CHANNELS: readonly string[] = ['email', 'webhook'];

/** `outbox`, or a comma-separated list of REAL_CHANNELS, such as "email,webhook". */
const Deliver = z
  .string()
  .refine(
    (value) => value === 'outbox' || value.split(',').every((part) => REAL_CHANNELS.includes(part.trim())),
    {
      error: 'expected "outbox", or the channels to deliver for real: "email", "webhook" or "email,webhook"',
    },
  );

const delivers = (deliver: string, channel: 'email' | 'webhook') =>
  deliver.split(',').some((part) => part.trim() === channel);

const EARLIEST_START = Date.UTC(2000, 0, 1);
const LATEST_START = Date.UTC(2100, 0, 1);

const SimulateOptions = z.strictObject({
  customers: wholeNumber('the number of customers', 1, 1_000_000).default(10_000),
  days: wholeNumber('the number of days', 1, 365).default(12),
  seed: wholeNumber('a seed', 0, 2 ** 31 - 1).default(618),
  journeys: z.string().optional(),
  events: z.string().min(1).refine(existsSync, { error: 'expected a file that exists' }).optional(),
  customersFile: z
    .string()
    .refine((file) => formatOf(file) !== undefined, { error: 'expected a .csv or .jsonl customer file' })
    .refine(existsSync, { error: 'expected a file that exists' })
    .optional(),
  mapping: z.string().min(1).optional(),
  start: z.iso
    .datetime({ offset: true, error: 'expected an ISO time such as 2027-06-10T16:00:00Z' })
    // Far-off years are typos; the engine's dates and the report's calendar stop making sense.
    .refine((start) => Date.parse(start) >= EARLIEST_START && Date.parse(start) < LATEST_START, {
      error: 'expected a time from 2000 to 2099, such as 2027-06-10T16:00:00Z',
    })
    .default('2027-06-10T16:00:00Z'),
  dataDir: z.string().min(1).optional(),
  workspace: z.string().min(1).default('workflows'),
  report: z.string().min(1).default('out/report.json'),
  outbox: z.string().min(1, { error: 'expected a file to write the messages to' }).optional(),
  deliver: Deliver.default('outbox'),
  sesPort: wholeNumber('a port', 0, 65_535).default(0),
  ...SendRateOptions,
});

export function registerSimulate(program: Command): void {
  const command = program
    .command('simulate')
    .description(
      'Run journeys on the embedded engine (dynalite + aws-local-stepfunctions) over a synthetic or recorded customer base, on a virtual clock, and print the funnel.',
    )
    .option('-n, --customers <n>', 'customers in the synthetic base', '10000')
    .option('-d, --days <d>', 'simulated days', '12')
    .option('-s, --seed <s>', 'seed: the same seed gives the same result', '618')
    .option('-j, --journeys <ids>', 'comma-separated journey ids (default: all)')
    .option(
      '-e, --events <file.jsonl>',
      'replay recorded events (one JSON event per line) instead of the behaviour model',
    )
    .option(
      '--customers-file <file>',
      'simulate an imported base: a customer file (CSV or JSONL, as `journeys customers import` takes) instead of the synthetic customers',
    )
    .option('--mapping <file>', "the customer file's *.mapping.yaml (default: the profile field names)")
    .option('--start <time>', 'simulated start time', '2027-06-10T16:00:00Z')
    .option('--data-dir <dir>', 'persist DynamoDB data here (default: in memory)')
    .option('-w, --workspace <dir>', 'folder holding journeys/, offers/ and templates/', 'workflows')
    .option('-r, --report <file>', 'where to write the JSON report', 'out/report.json')
    .option(
      '--outbox <file.jsonl>',
      'write every message delivered to this file, one JSON object a line, each once (default: none)',
    )
    .option(
      '--deliver <where>',
      'outbox: every message to the outbox; email: email through the SES adapter to a local SES (aws-ses-v2-local), whose mail page stays up until Ctrl-C in a terminal; webhook: webhooks POSTed to the receivers their templates name (otherwise a simulation calls no one); both: email,webhook',
      'outbox',
    )
    .option('--ses-port <port>', 'port of the local SES and its mail page (0: a free port)', '0');
  withSendRateFlags(command).action(async (raw: unknown) => {
    const options = parseOptions(SimulateOptions, raw);
    if (options.mapping && !options.customersFile)
      throw new UsageError('--mapping: give it with --customers-file');
    const mapping = options.mapping ? readMappingFile(options.mapping) : undefined;
    if (mapping && !mapping.ok) {
      for (const violation of mapping.violations) process.stderr.write(`${formatViolation(violation)}\n`);
      process.exitCode = 1;
      return;
    }
    const began = performance.now();
    const catalog = await catalogFromWorkspace(
      options.workspace,
      options.journeys?.split(',').map((id) => id.trim()),
    );
    process.stderr.write(
      `Simulating ${options.customersFile ? `the customers of ${options.customersFile}` : `${options.customers} customers`} over ${options.days} days from ${options.start} (seed ${options.seed}), journeys: ${[...catalog.journeys.keys()].join(', ')}\n`,
    );
    const ses: LocalSes | undefined = delivers(options.deliver, 'email')
      ? await startLocalSes(options.sesPort)
      : undefined;
    if (ses) process.stderr.write(`Email goes to a local SES; its mail page: ${ses.mailPage}\n`);
    const deliverWebhooks = delivers(options.deliver, 'webhook');
    if (deliverWebhooks) process.stderr.write('Webhooks are POSTed to the receivers their templates name\n');
    const result = await runSimulation({
      catalog,
      customers: options.customers,
      days: options.days,
      seed: options.seed,
      startAt: Date.parse(options.start),
      eventsFile: options.events,
      customersFile: options.customersFile,
      ...(mapping?.ok ? { customerMapping: mapping.mapping } : {}),
      dataDir: options.dataDir,
      onProgress: (line) => process.stderr.write(`  ${line}\n`),
      ...(ses ? { email: { sesEndpoint: ses.endpoint } } : {}),
      deliverWebhooks,
      sendRates: sendRatesOf(options),
      ...(options.outbox ? { outboxFile: options.outbox } : {}),
    });
    const seconds = (performance.now() - began) / 1000;
    process.stdout.write(`\n${formatReport(result.funnels, result.operations)}\n`);
    process.stdout.write(
      `\n${result.events} events, ${result.messages} messages, ${result.failedExecutions} failed executions, in ${seconds.toFixed(1)} s\n`,
    );
    mkdirSync(dirname(options.report), { recursive: true });
    const report = reportJson(
      { ...options, dataDir: undefined },
      { ...result, journeys: [...catalog.journeys.values()] },
    );
    writeFileSync(options.report, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`Report written to ${options.report}\n`);
    const page = htmlPathOf(options.report);
    await writeSimulationHtml(report, options.report, page, catalog.journeys);
    process.stdout.write(`HTML report written to ${page}\n`);
    if (options.outbox) process.stdout.write(`Messages written to ${options.outbox}\n`);
    if (result.failedExecutions > 0) process.exitCode = 1;
    if (ses) await keepMailPage(ses);
  });
}

/** In a terminal, the mail page stays up until Ctrl-C; a script goes on at once. */
async function keepMailPage(ses: LocalSes): Promise<void> {
  if (process.stdin.isTTY) {
    process.stdout.write(
      `${(await ses.emails()).length} emails are on the mail page ${ses.mailPage}; Ctrl-C stops.\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  }
  await ses.stop();
}
