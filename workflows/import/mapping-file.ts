import type { LocatedViolation } from '../rules/violation.ts';
import { CustomerMapping } from '../schema/customer-mapping.ts';
import { parseFile, parseText } from '../workspace/parse-file.ts';

export type MappingReading =
  | { readonly ok: true; readonly mapping: CustomerMapping }
  | { readonly ok: false; readonly violations: readonly LocatedViolation[] };

/** A `*.mapping.yaml` file checked against the schema, each problem at its line and column. */
export function readMappingFile(file: string): MappingReading {
  return reading(parseFile(file, CustomerMapping));
}

/** The same for a mapping's text, as the import function reads it from S3. */
export function readMappingText(file: string, text: string): MappingReading {
  return reading(parseText(file, text, CustomerMapping));
}

function reading(parsed: {
  value?: CustomerMapping;
  violations: readonly LocatedViolation[];
}): MappingReading {
  return parsed.value !== undefined && parsed.violations.length === 0
    ? { ok: true, mapping: parsed.value }
    : { ok: false, violations: parsed.violations };
}
