import { createWriteStream, existsSync } from 'node:fs';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { Command } from 'commander';
import { z } from 'zod';
import { type ImportTotals, importFile } from '../../engine/import/import-file.ts';
import { importHandlerOver, openLocalTables } from '../../engine/import/local-import.ts';
import { createDocumentClient } from '../../functions/commons/dynamo/create-client.ts';
import { tableNames } from '../../functions/commons/dynamo/tables.ts';
import { pseudonymKey } from '../../functions/commons/util/pseudonym.ts';
import { readMappingFile } from '../../workflows/import/mapping-file.ts';
import type { RowProblem } from '../../workflows/import/read-row.ts';
import { formatOf, ImportFileError } from '../../workflows/import/read-rows.ts';
import { formatViolation } from '../../workflows/rules/violation.ts';
import type { CustomerMapping } from '../../workflows/schema/customer-mapping.ts';
import { parseOptions, UsageError } from '../options.ts';
import { progressReporter } from '../progress-line.ts';

const ImportOptions = z.strictObject({
  file: z
    .string()
    .refine((file) => formatOf(file) !== undefined, { error: 'expected a .csv or .jsonl file' })
    .refine(existsSync, { error: 'expected a file that exists' }),
  mapping: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  rejects: z.string().min(1).optional(),
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, { error: 'expected a deployed stage name such as "staging"' })
    .optional(),
});

const EXAMPLE = `
Examples:
  journeys customers import customers.csv --mapping customers.mapping.yaml
  journeys customers import profiles.jsonl --stage staging      # into Journeys-staging's tables

Without --mapping, each profile field is read from the column of its own name (customerId, email,
phone, timezone, member, orderCount, …, consent.email, attributes.<name>). Rows that cannot be
imported are listed in the rejects file (row, column, reason; never the value). docs/data-in.md
has the format, the mapping and the rules.
`;

export function registerCustomersImport(group: Command): void {
  group
    .command('import')
    .description(
      'Import customer profiles from a CSV or JSONL file, through the same import function AWS runs, into the local tables or a stage.',
    )
    .argument('<file>', 'a .csv (header on the first row) or .jsonl (one JSON object a line) file')
    .option('-m, --mapping <file>', 'a *.mapping.yaml naming the columns (default: the profile field names)')
    .option('--data-dir <dir>', 'the embedded engine data folder (the one `journeys serve` uses)', undefined)
    .option('--rejects <file>', 'where rejected rows are listed as CSV (default: <file>.rejects.csv)')
    .option('--stage <stage>', "import into a deployed stage's tables, with your AWS credentials")
    .addHelpText('after', EXAMPLE)
    .action(async (file: string, raw: Record<string, unknown>) => {
      const options = parseOptions(ImportOptions, { ...raw, file });
      if (options.stage && options.dataDir)
        throw new UsageError(
          '--data-dir and --stage: give one; --stage imports into AWS, --data-dir locally',
        );
      const mapping = options.mapping ? loadMapping(options.mapping) : undefined;
      if (options.mapping && !mapping) return;
      const rejectsFile =
        options.rejects ?? `${options.file.replace(/\.(csv|jsonl|ndjson)$/i, '')}.rejects.csv`;
      const target = options.stage
        ? await stageTables(options.stage)
        : await openLocalTables(options.dataDir ?? '.data/serve');
      const where = options.stage ? `stage ${options.stage}` : (options.dataDir ?? '.data/serve');
      process.stderr.write(`Importing ${options.file} into ${where}\n`);
      const rejects = rejectsWriter(rejectsFile);
      const progress = progressReporter(process.stderr);
      try {
        const totals = await importFile({
          file: options.file,
          ...(mapping ? { mapping } : {}),
          importBatch: target.importBatch,
          onReject: rejects.write,
          onProgress: progress.update,
        });
        progress.done(totals);
        process.stdout.write(summaryText(options.file, totals, rejectsFile));
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        process.stderr.write(`\nerror: ${options.file}: ${error.message}\n`);
        process.exitCode = 1;
      } finally {
        await rejects.close();
        await target.stop();
      }
    });
}

/** The mapping, or undefined after printing each problem at its line and column. */
function loadMapping(file: string): CustomerMapping | undefined {
  const reading = readMappingFile(file);
  if (reading.ok) return reading.mapping;
  for (const violation of reading.violations) process.stderr.write(`${formatViolation(violation)}\n`);
  process.exitCode = 1;
  return undefined;
}

/**
 * A deployed stage's tables, named as its stack names them, and its pseudonym key (to find
 * erased customers), with the credentials of the environment.
 */
async function stageTables(stage: string) {
  const client = createDocumentClient();
  const secret = await getSecret(`journeys-${stage}-pseudonym-key`, { throwOnMissing: true });
  return {
    importBatch: importHandlerOver(client, tableNames(`journeys-${stage}`), pseudonymKey(secret)),
    stop: async () => client.base.destroy(),
  };
}

/** Rejected rows as CSV: row, column, reason (a reason names what was expected, never the value). */
function rejectsWriter(file: string) {
  const out = createWriteStream(file);
  out.write('row,column,reason\n');
  const cell = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  return {
    write: (problem: RowProblem) => {
      out.write(`${problem.row},${cell(problem.column)},${cell(problem.reason)}\n`);
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      ),
  };
}

const number = new Intl.NumberFormat('en-US');

function summaryText(file: string, totals: ImportTotals, rejectsFile: string): string {
  const seconds = totals.elapsedMs / 1000;
  const lines = [
    `Imported ${file}: ${number.format(totals.rows)} rows in ${seconds.toFixed(1)} s (${number.format(Math.round(totals.rows / Math.max(seconds, 0.001)))} rows/s)`,
    `  imported   ${number.format(totals.imported)}`,
    `  unchanged  ${number.format(totals.unchanged)}`,
    `  rejected   ${number.format(totals.rejected)}${totals.rejected > 0 ? ` (row, column and reason in ${rejectsFile})` : ''}`,
  ];
  if (totals.keptFromEvents > 0)
    lines.push(
      `  ${number.format(totals.keptFromEvents)} rows kept fields that events changed after the row's updated_at`,
    );
  if (totals.ignoredColumns.length > 0) lines.push(`  columns not read: ${totals.ignoredColumns.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
