import type { CompiledTemplate } from '../messages/compiled-template.ts';
import { type Catalog, journeyViolations } from '../rules/index.ts';
import type { LocatedViolation } from '../rules/violation.ts';
import { Journey, Template } from '../schema/index.ts';
import { parseText } from './parse-file.ts';
import { buildTemplateFile, checkTemplateFile } from './template-file.ts';
import { sortViolations } from './workspace.ts';

export interface JourneyCheck {
  readonly journey?: Journey;
  readonly violations: readonly LocatedViolation[];
}

/** Validates one journey's text against a catalog: syntax, schema, then every rule. */
export function checkJourneyText(file: string, text: string, catalog: Catalog): JourneyCheck {
  const parsed = parseText(file, text, Journey);
  if (!parsed.value) return { violations: parsed.violations };
  const violations = journeyViolations(parsed.value, catalog).map(parsed.source.locate);
  return violations.length > 0 ? { violations } : { journey: parsed.value, violations };
}

export interface TemplateCheck {
  /** Present when the template has no violation (warnings allowed). */
  readonly compiled?: CompiledTemplate;
  readonly violations: readonly LocatedViolation[];
  readonly warnings: readonly LocatedViolation[];
}

/** Validates and compiles one template's text: syntax, schema, its Liquid, then its MJML. */
export async function checkTemplateText(file: string, text: string): Promise<TemplateCheck> {
  const parsed = parseText(file, text, Template);
  if (!parsed.value) return { violations: parsed.violations, warnings: [] };
  const checked = checkTemplateFile(parsed);
  const built = await buildTemplateFile(parsed);
  const violations = sortViolations([...checked.violations, ...built.violations]);
  const warnings = checked.warnings;
  return violations.length === 0 && built.compiled
    ? { compiled: built.compiled, violations, warnings }
    : { violations, warnings };
}
