import { z } from 'zod';

/**
 * Custom events: any snake_case name beside the known ones, with properties of any JSON shape
 * within bounds that keep an event one small DynamoDB write (timeline, signals) and safe to read
 * as a plain object.
 */
export const CUSTOM_EVENT_LIMITS = {
  /** Characters of a custom event name. */
  nameLength: 64,
  /** Bytes of the properties as UTF-8 JSON. */
  propertiesBytes: 8 * 1024,
  /** Levels of nested objects and lists below `properties` itself. */
  depth: 5,
  /** Characters of one property name, at any level. */
  keyLength: 128,
} as const;

export const CUSTOM_EVENT_NAME = /^[a-z][a-z0-9_]*$/;

/** Names that would reach an object's prototype when used as keys, refused at every level. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The largest number the DynamoDB document client writes without losing digits (it refuses a
 * bigger one), and the smallest magnitude DynamoDB stores (it refuses a smaller one but 0).
 */
const MAX_NUMBER = Number.MAX_SAFE_INTEGER;
const MIN_MAGNITUDE = 1e-130;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

interface Problem {
  readonly path: (string | number)[];
  readonly message: string;
}

/** What is wrong with a value as JSON within the limits, up to the first few problems. */
function jsonProblems(value: unknown, path: (string | number)[], depth: number, into: Problem[]): void {
  if (into.length >= 10) return;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    const magnitude = Math.abs(value);
    if (!Number.isFinite(value) || magnitude > MAX_NUMBER || (magnitude > 0 && magnitude < MIN_MAGNITUDE))
      into.push({
        path,
        message: `expected a number from ${-MAX_NUMBER} to ${MAX_NUMBER}, and 0 or at least ${MIN_MAGNITUDE} in size`,
      });
    return;
  }
  if (typeof value !== 'object') {
    into.push({ path, message: 'expected a JSON value: a string, number, boolean, null, list or object' });
    return;
  }
  if (depth > CUSTOM_EVENT_LIMITS.depth) {
    into.push({
      path,
      message: `is nested too deep: expected at most ${CUSTOM_EVENT_LIMITS.depth} levels of objects and lists in properties`,
    });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      jsonProblems(item, [...path, index], depth + 1, into);
    });
    return;
  }
  for (const key of Object.keys(value)) {
    if (RESERVED_KEYS.has(key))
      into.push({
        path: [...path, key],
        message: `the name "${key}" is not allowed: it is reserved; expected another name`,
      });
    else if (key.length === 0 || key.length > CUSTOM_EVENT_LIMITS.keyLength)
      into.push({
        path: [...path, key],
        message: `expected a property name of 1 to ${CUSTOM_EVENT_LIMITS.keyLength} characters`,
      });
    else jsonProblems((value as Record<string, unknown>)[key], [...path, key], depth + 1, into);
  }
}

/** The properties of a custom event: a JSON object within CUSTOM_EVENT_LIMITS. */
export const CustomProperties = z
  .unknown()
  .check((ctx) => {
    // Checked on the input itself: a record schema would drop a "__proto__" key without a word.
    const value = ctx.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      ctx.issues.push({ code: 'invalid_type', expected: 'object', input: value });
      return;
    }
    const problems: Problem[] = [];
    jsonProblems(value, [], 0, problems);
    for (const problem of problems)
      ctx.issues.push({ code: 'custom', path: problem.path, message: problem.message, input: value });
    if (problems.length > 0) return;
    const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
    if (bytes > CUSTOM_EVENT_LIMITS.propertiesBytes)
      ctx.issues.push({
        code: 'custom',
        message: `are ${bytes} bytes as JSON: expected at most ${CUSTOM_EVENT_LIMITS.propertiesBytes}`,
        input: value,
      });
  })
  .transform((value) => value as JsonObject);

/** Why a name is neither a known event nor a custom one; the known names listed in full. */
export function eventNameError(known: readonly string[]): string {
  return `expected name to be one of ${known.join(', ')}, or a custom event name in snake_case such as "app_opened" (at most ${CUSTOM_EVENT_LIMITS.nameLength} characters)`;
}

/** A custom event's schema over the fields every event shares; its name is any snake_case name not known. */
export function customEventSchema<Base extends z.ZodRawShape>(base: Base, known: readonly string[]) {
  const knownNames = new Set(known);
  const error = eventNameError(known);
  return z.strictObject({
    ...base,
    name: z
      .string({ error })
      .max(CUSTOM_EVENT_LIMITS.nameLength, { error })
      .regex(CUSTOM_EVENT_NAME, { error })
      // A known name never parses as custom: its own schema answers for it.
      .refine((name) => !knownNames.has(name), { error }),
    properties: CustomProperties.default({}),
  });
}
