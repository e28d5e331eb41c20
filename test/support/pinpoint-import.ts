import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readExports } from '../../cli/pinpoint-exports.ts';
import { importFiles } from '../../workflows/pinpoint/import-files.ts';
import type { ImportedJourney, PinpointExports } from '../../workflows/pinpoint/import-journey.ts';
import { importJourney } from '../../workflows/pinpoint/import-journey.ts';
import { formatReport, losses } from '../../workflows/pinpoint/import-report.ts';
import { journeyYaml } from '../../workflows/pinpoint/import-yaml.ts';
import { readPinpointJourney } from '../../workflows/pinpoint/read-input.ts';
import { formatViolation } from '../../workflows/rules/violation.ts';
import { compileWorkspace } from '../../workflows/workspace/compile-workspace.ts';

/** When the fixtures are imported: the start of a scheduled journey that gives none. */
export const IMPORTED_AT = new Date('2027-06-10T17:00:00Z');

export const NO_EXPORTS: PinpointExports = { segments: new Map(), templates: new Map() };

export type ImportOutcome =
  | { readonly ok: true; readonly imported: ImportedJourney }
  | { readonly ok: false; readonly lines: string[] };

/** A Pinpoint journey file imported as the command does: its violations at file:line:column, or the journey. */
export function importFile(file: string, exports: PinpointExports = NO_EXPORTS): ImportOutcome {
  const read = readPinpointJourney(file, readFileSync(file, 'utf8'));
  if (!read.journey || !read.envelope) return { ok: false, lines: read.violations.map(formatViolation) };
  const result = importJourney(read.journey, exports, {
    now: IMPORTED_AT,
    source: `${file} (${read.envelope})`,
  });
  if (!result.ok) return { ok: false, lines: result.violations.map(read.locate).map(formatViolation) };
  return { ok: true, imported: result.imported };
}

/** What `--strict` refuses: the violations, else every loss, one line each. */
export function strictLines(file: string): string[] {
  const outcome = importFile(file);
  if (!outcome.ok) return outcome.lines;
  return losses(outcome.imported.report).map((loss) => `loss: ${loss.subject}: ${loss.detail}`);
}

/** The exported segments and templates the mapping fixtures name. */
export function fixtureExports(): PinpointExports {
  const { exports, violations } = readExports(
    'test/fixtures/pinpoint/exports/segments.json',
    'test/fixtures/pinpoint/exports/templates',
  );
  if (violations.length > 0) throw new Error(violations.map(formatViolation).join('\n'));
  return exports;
}

/** The imported journey as the command writes it: its file, and the report it prints. */
export function writtenForms(imported: ImportedJourney): { yaml: string; report: string } {
  return {
    yaml: journeyYaml(imported, '../schema/journey.schema.json', `${imported.journey.id}.import.md`),
    report: `${formatReport(imported.report)}\n`,
  };
}

/** Writes the imported journeys into a fresh workspace folder, and returns its violations there. */
export async function violationsWhenWritten(imported: readonly ImportedJourney[]): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'journeys-pinpoint-'));
  for (const output of importFiles(imported, {}, { root: 'schema', nested: '../schema' })) {
    mkdirSync(dirname(join(root, output.path)), { recursive: true });
    writeFileSync(join(root, output.path), output.text);
  }
  return (await compileWorkspace(root)).violations.map(formatViolation);
}
