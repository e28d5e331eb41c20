import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { z } from 'zod';
import { type ExistingFiles, importFiles } from '../../workflows/pinpoint/import-files.ts';
import {
  type ImportedJourney,
  importJourney,
  type PinpointExports,
} from '../../workflows/pinpoint/import-journey.ts';
import { formatReport, losses } from '../../workflows/pinpoint/import-report.ts';
import { readPinpointJourneys } from '../../workflows/pinpoint/read-input.ts';
import type { ImportedTemplate } from '../../workflows/pinpoint/templates.ts';
import { formatViolation } from '../../workflows/rules/violation.ts';
import { compileWorkspace } from '../../workflows/workspace/compile-workspace.ts';
import { EVENT_CATALOG_FILES } from '../../workflows/workspace/event-catalog.ts';
import { WORKSPACE_CONFIG_FILES } from '../../workflows/workspace/workspace-config.ts';
import { parseOptions } from '../options.ts';
import { readExports } from '../pinpoint-exports.ts';
import { checkPinpointPaths } from '../pinpoint-paths.ts';

const ImportOptions = z.strictObject({
  segments: z.string().min(1).optional(),
  templates: z.string().min(1).optional(),
  out: z.string().min(1).default('workflows'),
  strict: z.boolean().default(false),
  force: z.boolean().default(false),
});

const SCHEMA_DIR = fileURLToPath(new URL('../../workflows/schema', import.meta.url));

/** A path to the JSON Schemas from a folder of the workspace, as the schema line of its files writes it. */
const schemaFrom = (folder: string) => relative(folder, SCHEMA_DIR).split('\\').join('/') || '.';

function firstExisting(root: string, names: readonly string[]) {
  const path = names.map((name) => join(root, name)).find((candidate) => existsSync(candidate));
  return path ? { path: relative(root, path), text: readFileSync(path, 'utf8') } : undefined;
}

const fail = (lines: readonly string[]) => {
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exitCode = 1;
};

/** Each journey file read and mapped, in order; a template two journeys use is written once. */
function importAll(files: readonly string[], exports: PinpointExports) {
  // A scheduled journey without a StartTime starts on the hour after the import.
  const now = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const shared = new Map<string, ImportedTemplate>();
  const imported: ImportedJourney[] = [];
  const broken: string[] = [];
  const fileOf = new Map<string, string>();
  const reads = files.flatMap((file) => readPinpointJourneys(file, readFileSync(file, 'utf8')));
  for (const read of reads) {
    const { file } = read;
    if (!read.journey || !read.envelope) {
      broken.push(...read.violations.map(formatViolation));
      continue;
    }
    const result = importJourney(read.journey, exports, {
      now,
      sharedTemplates: shared,
      source: `${file} (${read.envelope})`,
    });
    if (!result.ok) {
      broken.push(...result.violations.map(read.locate).map(formatViolation));
      continue;
    }
    const id = result.imported.journey.id;
    const earlier = fileOf.get(id);
    if (earlier !== undefined)
      broken.push(
        `${file}: its journey id "${id}" (from its Name) is also ${earlier}'s; expected journeys with different names, or import them one at a time into different workspaces`,
      );
    else fileOf.set(id, file);
    imported.push(result.imported);
  }
  return { imported, broken };
}

const HELP = `
What it writes, into --out:
  journeys/<id>.journey.yaml   the journey, each loss a # TODO(import): comment where a person decides
  journeys/<id>.import.md      the report: every activity and setting, what it became or why not
  templates/<id>.template.yaml the templates (a placeholder for each one not exported)
  events.catalog.yaml, workspace.config.yaml   custom events and webhook URLs, when the journeys need them
The report is printed too. Nothing is written when an input is broken, when --strict meets a loss,
or when a file exists without --force. Exit codes: 0 written and valid; 1 refused or invalid; 2 bad arguments.

Export from Pinpoint with the AWS CLI, then import and simulate:
  aws pinpoint get-journey --application-id <project> --journey-id <id> > welcome.json
  aws pinpoint list-journeys --application-id <project> > page-1.json  (a page of journeys; --token for the next)
  aws pinpoint get-segments --application-id <project> > segments.json
  aws pinpoint get-email-template --template-name <name> > templates/<name>.json
  journeys import pinpoint welcome.json --segments segments.json --templates templates --out workflows
  journeys simulate -w workflows -j <id>

docs/migrating-from-pinpoint.md maps every activity and setting.
`;

export function registerImportPinpoint(group: Command): void {
  group
    .command('pinpoint')
    .description(
      "Map Amazon Pinpoint journeys (get-journey's JSON, or a WriteJourneyRequest) onto journey files, with their templates, and report every decision and loss.",
    )
    .argument(
      '<files...>',
      "Pinpoint journeys: get-journey's or list-journeys' output, a JourneyResponse or a WriteJourneyRequest (.json)",
    )
    .option(
      '--segments <file>',
      "the segments the journeys name: get-segment's output, a list of them, or get-segments'",
    )
    .option(
      '--templates <dir>',
      'a folder of get-email-template, get-sms-template and get-push-template outputs (.json)',
    )
    .option('--out <dir>', 'the workspace to write into (journeys/, templates/)', 'workflows')
    .option('--strict', 'refuse any loss: write nothing and exit 1 if anything does not map')
    .option(
      '--force',
      'overwrite files that exist, and add to the workspace event catalog and webhook allowlist',
    )
    .addHelpText('after', HELP)
    .action(async (files: string[], raw: unknown) => {
      const options = parseOptions(ImportOptions, raw);
      checkPinpointPaths({ files, ...options });
      const { exports, violations: exportProblems } = readExports(options.segments, options.templates);
      if (exportProblems.length > 0) return fail(exportProblems.map(formatViolation));
      const { imported, broken } = importAll(files, exports);
      for (const journey of imported) process.stdout.write(`${formatReport(journey.report)}\n\n`);
      if (broken.length > 0)
        return fail([...broken, `✗ ${broken.length} problem(s) in the Pinpoint input: nothing was written`]);
      const lost = imported.flatMap((journey) =>
        losses(journey.report).map((loss) => `${journey.journey.id}: ${loss.subject}: ${loss.detail}`),
      );
      if (options.strict && lost.length > 0)
        return fail([
          ...lost.map((line) => `loss: ${line}`),
          `✗ --strict: ${lost.length} loss(es); nothing was written`,
        ]);
      const root = resolve(options.out);
      const existing: ExistingFiles = {
        ...(firstExisting(root, EVENT_CATALOG_FILES)
          ? { catalog: firstExisting(root, EVENT_CATALOG_FILES) }
          : {}),
        ...(firstExisting(root, WORKSPACE_CONFIG_FILES)
          ? { config: firstExisting(root, WORKSPACE_CONFIG_FILES) }
          : {}),
      };
      const outputs = importFiles(imported, existing, {
        root: schemaFrom(root),
        nested: schemaFrom(join(root, 'journeys')),
      });
      const blocked = outputs.filter((output) => existsSync(join(root, output.path)));
      if (blocked.length > 0 && !options.force)
        return fail([
          ...blocked.map((output) =>
            output.adds
              ? `${join(options.out, output.path)} would gain: ${output.adds.join(', ')}`
              : `${join(options.out, output.path)} exists`,
          ),
          '✗ nothing was written: add --force to overwrite these files (and add to the ones that would gain entries)',
        ]);
      for (const output of outputs) {
        mkdirSync(dirname(join(root, output.path)), { recursive: true });
        writeFileSync(join(root, output.path), output.text);
        process.stdout.write(`wrote ${join(options.out, output.path)}\n`);
      }
      const journeyFiles = imported.map((journey) =>
        join(root, 'journeys', `${journey.journey.id}.journey.yaml`),
      );
      const workspace = await compileWorkspace(root, journeyFiles);
      const written = new Set([...journeyFiles, ...outputs.map((output) => join(root, output.path))]);
      const problems = workspace.violations.filter((violation) => written.has(resolve(violation.file)));
      if (problems.length > 0)
        return fail([
          ...problems.map(formatViolation),
          `✗ the imported journey(s) do not validate yet: ${problems.length} violation(s) above, each where it is written; fix them and run journeys validate`,
        ]);
      process.stdout.write(
        `✓ ${imported.length} journey(s) imported and valid; ${lost.length} loss(es) marked # TODO(import): in the files\n`,
      );
    });
}
