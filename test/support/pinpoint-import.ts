import { readFileSync } from 'node:fs';
import type { ImportedJourney, PinpointExports } from '../../workflows/pinpoint/import-journey.ts';
import { importJourney } from '../../workflows/pinpoint/import-journey.ts';
import { losses } from '../../workflows/pinpoint/import-report.ts';
import { readPinpointJourney } from '../../workflows/pinpoint/read-input.ts';
import { formatViolation } from '../../workflows/rules/violation.ts';

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
