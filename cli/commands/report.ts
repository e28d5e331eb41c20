import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  parseReportFile,
  type ReportFile,
  ReportFileError,
  reportOfFile,
} from '../../report/read/report-file.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { htmlPathOf, writeHtmlReport } from '../html-report.ts';
import { parseOptions, UsageError } from '../options.ts';
import { stageReport } from '../stage-report.ts';

const ReportOptions = z.strictObject({
  out: z.string().min(1).optional(),
  workspace: z.string().min(1).default('workflows'),
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, { error: 'expected a stage name such as staging (lower case, digits, -)' })
    .optional(),
  region: z.string().min(1).optional(),
});

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'Write the HTML report: funnels by step and variant, lift and incremental ROI with their intervals, diagrams with counts, messages, the AWS bill and the days. One self-contained file.',
    )
    .argument('[file]', 'a report written by `journeys simulate` (npm start writes out/report.json)')
    .option(
      '-o, --out <file>',
      'where to write the HTML (default: beside the JSON report, or report-<stage>.html)',
    )
    .option('-w, --workspace <dir>', 'folder holding journeys/, offers/ and templates/', 'workflows')
    .option(
      '--stage <stage>',
      "read a deployed stage's funnel (its DynamoDB state table, journeys-<stage>-state) with your AWS credentials instead of a file",
    )
    .option('--region <region>', 'the AWS region of the stage (default: your AWS configuration)')
    .action(async (file: string | undefined, raw: unknown) => {
      const options = parseOptions(ReportOptions, raw);
      if (options.stage) {
        if (file) throw new UsageError('arguments: give either a report file or --stage, not both');
        const catalog = await catalogFromWorkspace(options.workspace);
        const out = options.out ?? `report-${options.stage}.html`;
        await writeHtmlReport(
          await stageReport(options.stage, catalog, options.region ? { region: options.region } : {}),
          out,
        );
        process.stdout.write(`HTML report of stage ${options.stage} written to ${out}\n`);
        return;
      }
      if (options.region) throw new UsageError('--region: give it with --stage');
      const source = file ?? 'out/report.json';
      const report = readReportFile(source);
      // A report written before it carried its journeys draws them as the workspace has them.
      const workspace = report.funnels.every((funnel) =>
        report.journeys?.some((journey) => isJourney(journey, funnel.journeyId)),
      )
        ? new Map()
        : (await catalogFromWorkspace(options.workspace)).journeys;
      const out = options.out ?? htmlPathOf(source);
      await writeHtmlReport(
        withUsageErrors(() => reportOfFile(report, workspace)),
        out,
      );
      process.stdout.write(`HTML report written to ${out}\n`);
    });
}

function readReportFile(source: string): ReportFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(source, 'utf8'));
  } catch (error) {
    throw new UsageError(`${source}: ${(error as Error).message}; write one with \`journeys simulate\``);
  }
  return withUsageErrors(() => parseReportFile(data, source));
}

const isJourney = (journey: unknown, id: string) =>
  typeof journey === 'object' && journey !== null && (journey as { id?: unknown }).id === id;

/** A report that cannot be read is the user's to fix: said as a usage error, without a stack. */
function withUsageErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ReportFileError) throw new UsageError(error.message);
    throw error;
  }
}
