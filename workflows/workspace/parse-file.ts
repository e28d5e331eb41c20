import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { schemaViolations } from '../language/schema-violations.ts';
import { parseSource, type SourceDocument } from '../language/source.ts';
import type { LocatedViolation } from '../rules/violation.ts';
import { unsafeValueViolations } from './unsafe-values.ts';

export interface ParsedFile<T> {
  readonly file: string;
  readonly source: SourceDocument;
  /** The file's text, for positions inside a field's value. */
  readonly text: string;
  /** Present when the file is valid YAML and matches the schema. */
  readonly value?: T;
  readonly violations: readonly LocatedViolation[];
}

export function parseText<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): ParsedFile<z.output<S>> {
  const source = parseSource(file, text);
  if (source.syntaxViolations.length > 0) return { file, source, text, violations: source.syntaxViolations };
  const unsafe = unsafeValueViolations(source.data);
  if (unsafe.length > 0) return { file, source, text, violations: unsafe.map(source.locate) };
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return { file, source, text, value: result.data, violations: [] };
  return { file, source, text, violations: schemaViolations(result.error.issues).map(source.locate) };
}

export function parseFile<S extends z.ZodType>(file: string, schema: S): ParsedFile<z.output<S>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    const violation: LocatedViolation = {
      file,
      line: 1,
      column: 1,
      path: [],
      code: 'file.unreadable',
      message: `cannot read the file: ${reason}`,
    };
    return { file, source: parseSource(file, ''), text: '', violations: [violation] };
  }
  return parseText(file, text, schema);
}
