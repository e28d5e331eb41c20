import { findInText, hasLoneSurrogate, ILL_FORMED_TEXT } from '../contracts/well-formed-text.ts';
import type { DocumentPath, Violation } from '../rules/violation.ts';

/** Control characters (C0, DEL, C1), but tab, line feed and carriage return, which YAML text may hold. */
const CONTROL_CHARACTER = /[^\P{Cc}\t\n\r]/u;

function textProblem(text: string): string | undefined {
  if (hasLoneSurrogate(text)) return ILL_FORMED_TEXT;
  const control = CONTROL_CHARACTER.exec(text)?.[0];
  if (control === undefined) return undefined;
  const code = `U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `expected printable text; this holds the control character ${code}`;
}

/**
 * What no file of a workspace may hold, whatever its schema: a "__proto__" key (a record schema
 * drops it without a word, and it reaches an object's prototype), and text DynamoDB cannot store or
 * a message should not carry (lone surrogates, control characters). Walked without recursion; the
 * first 10 found.
 */
export function unsafeValueViolations(data: unknown): Violation[] {
  return findInText(data, (text, atKey) =>
    atKey && text === '__proto__'
      ? {
          code: 'schema.reserved_name',
          message: 'the name "__proto__" is not allowed: it is reserved; expected another name',
        }
      : invalidText(textProblem(text)),
  ).map(({ path, atKey, problem }) => ({
    ...problem,
    path: path as DocumentPath,
    ...(atKey ? { at: 'key' as const } : {}),
  }));
}

const invalidText = (message: string | undefined) =>
  message === undefined ? undefined : { code: 'schema.invalid_text', message };
