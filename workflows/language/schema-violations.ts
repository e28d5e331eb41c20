import type { z } from 'zod';
import type { DocumentPath, Violation } from '../rules/violation.ts';

type Issue = z.core.$ZodIssue;

/**
 * Turns zod issues into violations with messages a journey author can act on.
 * Parse with `{ reportInput: true }` so a missing field can be told from a wrong one.
 * For a union, it reports the issues of the alternative that came closest, the way a person
 * reading the file would guess what was meant; when every alternative fails on the value as a
 * whole, the union's own message says what is expected.
 */
export function schemaViolations(issues: readonly Issue[], basePath: DocumentPath = []): Violation[] {
  return issues.flatMap((issue) => issueViolations(issue, basePath));
}

function issueViolations(issue: Issue, basePath: DocumentPath): Violation[] {
  const path = [...basePath, ...issue.path.map(pathPart)];
  if ('input' in issue && issue.input === undefined && issue.code !== 'custom') {
    return [{ code: 'schema.required', path, message: `is required: ${expectation(issue)}` }];
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const closest = closestAlternative(issue.errors);
    if (closest) return schemaViolations(closest, path);
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      code: 'schema.unknown_field',
      path: [...path, key],
      message: `unknown field "${key}"; check its spelling or remove it`,
      at: 'key',
    }));
  }
  if (issue.code === 'invalid_key') {
    const reason = issue.issues.map((inner) => readableMessage(inner)).join('; ');
    return [
      {
        code: 'schema.invalid_key',
        path,
        message: `the name "${String(path.at(-1))}" is not allowed: ${reason}`,
        at: 'key',
      },
    ];
  }
  return [{ code: `schema.${issue.code}`, path, message: readableMessage(issue) }];
}

function pathPart(part: PropertyKey): string | number {
  return typeof part === 'number' ? part : String(part);
}

/**
 * The alternative with the fewest issues, among those that got past the value as a whole
 * (an issue at the union's own path means that alternative was plainly not meant).
 * None when every alternative failed on the value as a whole.
 */
function closestAlternative(alternatives: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const meant = alternatives.filter(
    (issues) => issues.length > 0 && issues.every((issue) => issue.path.length > 0),
  );
  const candidates = meant.filter((issues) => !issues.some(isMissingField));
  const pool = candidates.length > 0 ? candidates : meant;
  return [...pool].sort((a, b) => a.length - b.length)[0];
}

function isMissingField(issue: Issue): boolean {
  return (
    issue.code === 'invalid_type' && issue.path.length === 1 && 'input' in issue && issue.input === undefined
  );
}

/** What a field expects, for "is required" messages. */
function expectation(issue: Issue): string {
  if (issue.code === 'invalid_union' && issue.discriminator)
    return 'expected an object (a mapping of fields)';
  if (!/^(Invalid|Too)/.test(issue.message)) return issue.message;
  if (issue.code === 'invalid_type') return `expected ${article(issue.expected)}`;
  if (issue.code === 'invalid_union' && issue.discriminator)
    return `expected an object with "${issue.discriminator}"`;
  if (issue.code === 'invalid_value')
    return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  return issue.message.replace(/^Invalid input:?\s*/i, '') || 'expected a value';
}

function readableMessage(issue: Issue): string {
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    const received = 'input' in issue ? describeValue(issue.input) : undefined;
    return `expected ${article(issue.expected)}${received ? `, got ${received}` : ''}`;
  }
  if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid')) {
    return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  if (issue.code === 'too_big' && issue.message.startsWith('Too big')) {
    return `is too long: expected at most ${String(issue.maximum)}${unit(issue.origin, Number(issue.maximum))}`;
  }
  if (issue.code === 'too_small' && issue.message.startsWith('Too small')) {
    return `is too short: expected at least ${String(issue.minimum)}${unit(issue.origin, Number(issue.minimum))}`;
  }
  return issue.message;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'string' ? 'the text' : typeof value} ${JSON.stringify(value)}`;
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: 'an object (a mapping of fields)',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
    int: 'a whole number',
    null: 'null',
    record: 'a mapping of names to values',
  };
  return names[type] ?? type;
}

function unit(origin: string, count: number): string {
  const noun = origin === 'string' ? 'character' : origin === 'array' ? 'item' : '';
  return noun ? ` ${noun}${count === 1 ? '' : 's'}` : '';
}
