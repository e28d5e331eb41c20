import { type Catalog, journeyViolations } from '../rules/index.ts';
import type { LocatedViolation } from '../rules/violation.ts';
import { Journey } from '../schema/index.ts';
import { parseText } from './parse-file.ts';

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
