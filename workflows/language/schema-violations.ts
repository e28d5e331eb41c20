import type { z } from 'zod';
import type { DocumentPath, Violation } from '../rules/violation.ts';

type Issue = z.core.$ZodIssue;

/**
 * Turns zod issues into violations with messages a journey author can act on.
 * For a union, it reports the issues of the alternative that came closest, the way
 * a person reading the file would guess what was meant.
 */
export function schemaViolations(issues: readonly Issue[], basePath: DocumentPath = []): Violation[] {
  return issues.flatMap((issue) => issueViolations(issue, basePath));
}

function issueViolations(issue: Issue, basePath: DocumentPath): Violation[] {
  const path = [...basePath, ...issue.path.map(pathPart)];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const closest = closestAlternative(issue.errors);
    if (closest) return schemaViolations(closest, path);
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      code: 'schema.unknown_field',
      path: [...path, key],
      message: `unknown field "${key}"; check its spelling or remove it`,
    }));
  }
  return [{ code: `schema.${issue.code}`, path, message: readableMessage(issue) }];
}

function pathPart(part: PropertyKey): string | number {
  return typeof part === 'number' ? part : String(part);
}

/**
 * The alternative with the fewest issues, ignoring any that rejects the object's own keys
 * (that alternative was plainly not meant). None when every alternative was not meant.
 */
function closestAlternative(alternatives: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const meant = alternatives.filter(
    (issues) => !issues.some((issue) => issue.path.length === 0 && issue.code === 'unrecognized_keys'),
  );
  const candidates = meant.filter((issues) => !issues.some(isMissingField));
  const pool = candidates.length > 0 ? candidates : meant;
  return [...pool].sort((a, b) => a.length - b.length)[0];
}

function isMissingField(issue: Issue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 1 && /received undefined/.test(issue.message);
}

function readableMessage(issue: Issue): string {
  if (issue.code === 'invalid_type') {
    if (/received undefined/.test(issue.message)) return `is required: expected ${article(issue.expected)}`;
    const received = /received (\w+)/.exec(issue.message)?.[1];
    if (!issue.message.startsWith('Invalid input')) return issue.message;
    return `expected ${article(issue.expected)}${received ? `, got ${article(received)}` : ''}`;
  }
  if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid')) {
    return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return issue.message;
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
  };
  return names[type] ?? type;
}
