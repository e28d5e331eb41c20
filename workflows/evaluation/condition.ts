import { durationSeconds } from '../language/duration.ts';
import { assertUnreachable } from '../language/journey-graph.ts';
import type { Condition, PropertyCondition, Scalar } from '../schema/index.ts';

export interface CustomerEvent {
  readonly name: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** What a condition can look at for one customer. */
export interface CustomerFacts {
  readonly profile: Readonly<Record<string, unknown>>;
  readonly events: readonly CustomerEvent[];
}

export interface EvaluationTime {
  /** Epoch milliseconds. */
  readonly now: number;
  /** When the customer entered the journey, epoch milliseconds. */
  readonly enteredAt: number;
}

export function evaluateCondition(condition: Condition, facts: CustomerFacts, time: EvaluationTime): boolean {
  if ('and' in condition) return condition.and.every((part) => evaluateCondition(part, facts, time));
  if ('or' in condition) return condition.or.some((part) => evaluateCondition(part, facts, time));
  if ('not' in condition) return !evaluateCondition(condition.not, facts, time);
  if ('tier' in condition) return condition.tier.some((tier) => tier === facts.profile.tier);
  if ('attribute' in condition)
    return compare(readPath(facts.profile, condition.attribute), condition.op, condition.value);
  if ('event' in condition) {
    const from =
      condition.since === 'entry'
        ? time.enteredAt
        : time.now - durationSeconds(condition.within ?? '0s') * 1000;
    return facts.events.some(
      (event) =>
        event.name === condition.event &&
        event.at >= from &&
        event.at <= time.now &&
        matchesProperties(event.properties ?? {}, condition.where ?? []),
    );
  }
  return assertUnreachable(condition);
}

/** True when every property condition holds for the event's properties. */
export function matchesProperties(
  properties: Readonly<Record<string, unknown>>,
  conditions: readonly PropertyCondition[],
): boolean {
  return conditions.every((condition) =>
    compare(readPath(properties, condition.property), condition.op, condition.value),
  );
}

export function readPath(source: Readonly<Record<string, unknown>>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    return (value as Record<string, unknown>)[key];
  }, source);
}

function compare(
  actual: unknown,
  op: PropertyCondition['op'],
  expected: Scalar | Scalar[] | undefined,
): boolean {
  switch (op) {
    case 'exists':
      return (actual !== undefined && actual !== null) === (expected ?? true);
    case 'eq':
      return actual === expected;
    case 'ne':
      return actual !== expected;
    case 'in':
      return Array.isArray(expected) && expected.some((value) => value === actual);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return ordered(actual, op, expected);
    default:
      return assertUnreachable(op);
  }
}

function ordered(actual: unknown, op: 'gt' | 'gte' | 'lt' | 'lte', expected: unknown): boolean {
  const comparable =
    (typeof actual === 'number' && typeof expected === 'number') ||
    (typeof actual === 'string' && typeof expected === 'string');
  if (!comparable) return false;
  const a = actual as number | string;
  const b = expected as number | string;
  if (op === 'gt') return a > b;
  if (op === 'gte') return a >= b;
  if (op === 'lt') return a < b;
  return a <= b;
}
