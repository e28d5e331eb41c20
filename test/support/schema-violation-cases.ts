import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { z } from 'zod';
import {
  Campaign,
  Condition,
  EntryRules,
  Journey,
  Moment,
  Scalar,
  Step,
} from '../../workflows/schema/index.ts';

/** Cases of rejected values and the violations they give, one JSON list of cases per topic. */
export const SCHEMA_VIOLATION_FIXTURES = new URL('../fixtures/schema-violations/', import.meta.url);

/**
 * The schemas a case may name: the journey language's own, and small ones that isolate one kind
 * of field under `items`.
 */
const SCHEMAS: Record<string, z.ZodType> = {
  Campaign,
  Condition,
  EntryRules,
  Journey,
  Moment,
  Scalar,
  Step,
  '{ items: string }': z.object({ items: z.string() }),
  '{ items: string of at least 3 }': z.object({ items: z.string().min(3) }),
  '{ items: number }': z.object({ items: z.number() }),
  '{ items: boolean }': z.object({ items: z.boolean() }),
  '{ items: "a" | "b" }': z.object({ items: z.enum(['a', 'b']) }),
  '{ items: {} }': z.object({ items: z.object({}) }),
  '{ items: string[] }': z.object({ items: z.array(z.string()) }),
  '{ items: number[] of at most 2 }': z.object({ items: z.array(z.number()).max(2) }),
  '{ items: number[] of at least 2 }': z.object({ items: z.array(z.number()).min(2) }),
};

const Path = z.array(z.union([z.string(), z.number()]));

/** An expected violation; `messageMatching` (a regular expression) leaves part of the wording open. */
const ExpectedViolation = z.union([
  z.strictObject({
    code: z.string(),
    path: Path,
    message: z.string(),
    at: z.literal('key').optional(),
  }),
  z.strictObject({
    code: z.string(),
    path: Path,
    messageMatching: z.string(),
    at: z.literal('key').optional(),
  }),
]);

const CaseFile = z.array(
  z.strictObject({
    name: z.string().min(1),
    schema: z.enum(Object.keys(SCHEMAS) as [string, ...string[]]),
    value: z.unknown(),
    basePath: Path.optional(),
    violations: z.array(ExpectedViolation).min(1),
  }),
);

export interface SchemaViolationCase {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly value: unknown;
  readonly basePath: (string | number)[];
  /** The violations, as `toEqual` takes them. */
  readonly violations: unknown[];
}

/**
 * The zod issues of a value that a schema rejects, parsed as the workspace parses files: with
 * `reportInput`, so that a missing field can be told from a wrong one.
 */
export function issuesOf(schema: z.ZodType, value: unknown): z.core.$ZodIssue[] {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
  return result.error.issues;
}

/** Every case of every fixture file, named "<file>: <case>". */
export function schemaViolationCases(): SchemaViolationCase[] {
  const files = readdirSync(SCHEMA_VIOLATION_FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .sort();
  return files.flatMap((file) => {
    const topic = file.replace(/\.json$/, '');
    const parsed = CaseFile.safeParse(
      JSON.parse(readFileSync(new URL(file, SCHEMA_VIOLATION_FIXTURES), 'utf8')),
    );
    if (!parsed.success)
      throw new Error(`test/fixtures/schema-violations/${file}: ${z.prettifyError(parsed.error)}`);
    return parsed.data.map((entry) => ({
      name: `${topic}: ${entry.name}`,
      schema: SCHEMAS[entry.schema] as z.ZodType,
      value: entry.value,
      basePath: entry.basePath ?? [],
      violations: entry.violations.map((violation) =>
        'messageMatching' in violation
          ? (({ messageMatching, ...rest }) => ({
              ...rest,
              message: expect.stringMatching(new RegExp(messageMatching)),
            }))(violation)
          : violation,
      ),
    }));
  });
}
