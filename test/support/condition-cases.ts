import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CustomerFacts, EvaluationTime } from '../../workflows/evaluation/condition.ts';
import { Condition } from '../../workflows/schema/index.ts';

/** Conditions and the customers they hold for or not, one JSON file per kind of condition. */
export const CONDITION_FIXTURES = new URL('../fixtures/conditions/', import.meta.url);

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Noon UTC on 18 June 2027; the fixtures' event times are written against it. */
export const NOW = Date.UTC(2027, 5, 18, 12, 0);
/** When every case is evaluated: now, for a customer who entered three days ago. */
export const EVALUATION_TIME: EvaluationTime = { now: NOW, enteredAt: NOW - 3 * DAY };

const Customer = z.strictObject({
  profile: z.record(z.string(), z.unknown()).default({}),
  events: z
    .array(
      z.strictObject({
        name: z.string(),
        at: z.iso.datetime().transform((at) => Date.parse(at)),
        properties: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .default([]),
});

/** A check takes the condition and customer it does not give from its case, and a case from its file. */
const Check = z.strictObject({
  condition: Condition.optional(),
  customer: Customer.optional(),
  holds: z.boolean(),
});

const ConditionFile = z.strictObject({
  title: z.string().min(1),
  customer: Customer.optional(),
  cases: z.array(
    z.strictObject({
      name: z.string().min(1),
      condition: Condition.optional(),
      customer: Customer.optional(),
      checks: z.array(Check).min(1),
    }),
  ),
});

export interface ConditionCheck {
  readonly condition: Condition;
  readonly facts: CustomerFacts;
  readonly holds: boolean;
}

export interface ConditionCase {
  readonly name: string;
  readonly checks: readonly ConditionCheck[];
}

/** Every case of every fixture file, named "<title>: <case>". */
export function conditionCases(): ConditionCase[] {
  const files = readdirSync(CONDITION_FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .sort();
  return files.flatMap((file) => {
    const parsed = ConditionFile.safeParse(
      JSON.parse(readFileSync(new URL(file, CONDITION_FIXTURES), 'utf8')),
    );
    if (!parsed.success)
      throw new Error(`test/fixtures/conditions/${file}: ${z.prettifyError(parsed.error)}`);
    const { title, customer: fileCustomer, cases } = parsed.data;
    return cases.map((entry) => ({
      name: `${title}: ${entry.name}`,
      checks: entry.checks.map((check, index) => {
        const condition = check.condition ?? entry.condition;
        const facts = check.customer ?? entry.customer ?? fileCustomer;
        if (!condition || !facts)
          throw new Error(`${file}, "${entry.name}", check ${index}: expected a condition and a customer`);
        return { condition, facts, holds: check.holds };
      }),
    }));
  });
}
