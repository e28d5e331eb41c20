import { z } from 'zod';
import { AttributeName, Duration, EventName, Scalar, Tier } from './primitives.ts';

const comparisonOperators = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'exists'] as const;
export const ComparisonOperator = z.enum(comparisonOperators).describe('How the value is compared.');
export type ComparisonOperator = z.infer<typeof ComparisonOperator>;

const ComparisonValue = z
  .union([Scalar, z.array(Scalar)], {
    error: 'expected a string, number or boolean, or a list of them with op "in"',
  })
  .optional();

function checkComparison(subject: string) {
  return (condition: { op: ComparisonOperator; value?: Scalar | Scalar[] }, ctx: z.RefinementCtx) => {
    const { op, value } = condition;
    const problem = comparisonProblem(op, value, subject);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  };
}

function comparisonProblem(op: ComparisonOperator, value: unknown, subject: string): string | undefined {
  if (op === 'exists') {
    return value === undefined || typeof value === 'boolean'
      ? undefined
      : 'expected true or false (or no value) with op "exists"';
  }
  if (value === undefined) return `expected a value to compare the ${subject} with`;
  if (op === 'in') return Array.isArray(value) ? undefined : 'expected a list of values with op "in"';
  if (Array.isArray(value)) return `expected a single value with op "${op}"; use op "in" for a list`;
  if (op !== 'eq' && op !== 'ne' && typeof value === 'boolean') {
    return `expected a number or string with op "${op}"`;
  }
  return undefined;
}

export const AttributeCondition = z
  .strictObject({ attribute: AttributeName, op: ComparisonOperator, value: ComparisonValue })
  .superRefine(checkComparison('profile attribute'))
  .describe('Compares a profile attribute, e.g. { attribute: totalSpend, op: gte, value: 500 }.');
export type AttributeCondition = z.infer<typeof AttributeCondition>;

export const PropertyCondition = z
  .strictObject({ property: AttributeName, op: ComparisonOperator, value: ComparisonValue })
  .superRefine(checkComparison('event property'))
  .describe('Compares an event property, e.g. { property: cartValue, op: gte, value: 50 }.');
export type PropertyCondition = z.infer<typeof PropertyCondition>;

export const TierCondition = z
  .strictObject({
    tier: z.array(Tier).min(1, { error: 'expected at least one tier (H, E or A)' }),
  })
  .describe('True when the member tier is one of the listed tiers.');
export type TierCondition = z.infer<typeof TierCondition>;

export const EventCondition = z
  .strictObject({
    event: EventName,
    since: z.literal('entry', { error: 'expected "entry"' }).optional(),
    within: Duration.optional(),
    where: z.array(PropertyCondition).optional(),
  })
  .superRefine((condition, ctx) => {
    if ((condition.since === undefined) === (condition.within === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'expected exactly one of "since: entry" or "within: <duration>" on an event condition',
      });
    }
  })
  .describe('True when the customer did the event since entering the journey, or within a recent duration.');
export type EventCondition = z.infer<typeof EventCondition>;

export type Condition =
  | AttributeCondition
  | TierCondition
  | EventCondition
  | { and: Condition[] }
  | { or: Condition[] }
  | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union(
    [
      AttributeCondition,
      TierCondition,
      EventCondition,
      z.strictObject({
        and: z.array(Condition).min(1, { error: 'expected at least one condition in "and"' }),
      }),
      z.strictObject({ or: z.array(Condition).min(1, { error: 'expected at least one condition in "or"' }) }),
      z.strictObject({ not: Condition }),
    ],
    {
      error: 'expected a condition: an object with one of "attribute", "tier", "event", "and", "or" or "not"',
    },
  ),
);
