import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PinpointSegment, PinpointTemplate } from '../workflows/pinpoint/export-input.ts';
import type { PinpointExports } from '../workflows/pinpoint/import-journey.ts';
import { readSegments, readTemplate } from '../workflows/pinpoint/read-input.ts';
import type { LocatedViolation } from '../workflows/rules/violation.ts';
import { UsageError } from './options.ts';

function readText(file: string, what: string): string {
  if (!existsSync(file)) throw new UsageError(`${what} ${file} does not exist`);
  return readFileSync(file, 'utf8');
}

/** The exported segments (one file) and templates (every .json of a folder), with the problems of each file. */
export function readExports(
  segmentsFile: string | undefined,
  templatesDir: string | undefined,
): { exports: PinpointExports; violations: LocatedViolation[] } {
  const violations: LocatedViolation[] = [];
  const segments = new Map<string, PinpointSegment>();
  if (segmentsFile) {
    const read = readSegments(segmentsFile, readText(segmentsFile, '--segments'));
    violations.push(...read.violations);
    for (const segment of read.values) segments.set(segment.Id, segment);
  }
  const templates = new Map<string, PinpointTemplate[]>();
  if (templatesDir) {
    if (!existsSync(templatesDir)) throw new UsageError(`--templates ${templatesDir} does not exist`);
    for (const name of readdirSync(templatesDir)
      .filter((entry) => entry.endsWith('.json'))
      .sort()) {
      const file = join(templatesDir, name);
      const read = readTemplate(file, readFileSync(file, 'utf8'));
      violations.push(...read.violations);
      for (const template of read.values)
        templates.set(template.TemplateName, [...(templates.get(template.TemplateName) ?? []), template]);
    }
  }
  return { exports: { segments, templates }, violations };
}
