import { hasLoneSurrogate, ILL_FORMED_TEXT } from '../contracts/well-formed-text.ts';
import type { AttributeType } from '../schema/customer-mapping.ts';

/** A cell read as its type: a value, nothing (an empty cell), or what was expected instead. */
export type CellReading<T> =
  | { readonly ok: true; readonly value: T | undefined }
  | { readonly ok: false; readonly expected: string };

const empty = { ok: true, value: undefined } as const;
const refused = (expected: string) => ({ ok: false, expected }) as const;

/** Invalid UTF-8 bytes decode to U+FFFD, so a cell holding one came from a file not saved as UTF-8. */
const REPLACEMENT_CHARACTER = '\uFFFD';
export const NOT_UTF8 = 'text in UTF-8; the cell holds bytes that are not (save the file as UTF-8)';

/** A cell's text, trimmed; JSON numbers and booleans as they are written. */
function textOf(cell: unknown): CellReading<string> {
  if (cell === undefined || cell === null) return empty;
  if (typeof cell === 'number' || typeof cell === 'boolean') return { ok: true, value: String(cell) };
  if (typeof cell !== 'string') return refused('text, a number or true/false; got a list or an object');
  if (cell.includes(REPLACEMENT_CHARACTER)) return refused(NOT_UTF8);
  // A JSONL "\ud800" escape: DynamoDB cannot store it.
  if (hasLoneSurrogate(cell)) return refused(ILL_FORMED_TEXT.replace(/^expected /, ''));
  const text = cell.trim();
  return text === '' ? empty : { ok: true, value: text };
}

export function readText(cell: unknown, maxLength = 1_000): CellReading<string> {
  const text = textOf(cell);
  if (!text.ok || text.value === undefined) return text;
  return text.value.length > maxLength ? refused(`text of at most ${maxLength} characters`) : text;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 't']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'f']);

export function readBoolean(cell: unknown): CellReading<boolean> {
  if (typeof cell === 'boolean') return { ok: true, value: cell };
  const text = textOf(cell);
  if (!text.ok) return text;
  if (text.value === undefined) return empty;
  const word = text.value.toLowerCase();
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return refused('true or false (also yes/no, y/n, 1/0)');
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
/** DynamoDB stores numbers from 1e-130 in size: a smaller one fails the write, and so the whole batch. */
const SMALLEST = 1e-130;

/** A plain decimal number: no thousands separators or currency signs, which differ between locales. */
export function readNumber(
  cell: unknown,
  options: { whole?: boolean; min?: number } = {},
): CellReading<number> {
  const kind = options.whole ? 'a whole number' : 'a number';
  const bound = options.min === undefined ? '' : ` of ${options.min} or more`;
  const expected = `${kind}${bound}, such as ${options.whole ? '12' : '12.5'}`;
  let value: number;
  if (typeof cell === 'number') value = cell;
  else {
    const text = textOf(cell);
    if (!text.ok) return text;
    if (text.value === undefined) return empty;
    if (!DECIMAL.test(text.value)) return refused(expected);
    value = Number(text.value);
  }
  const size = Math.abs(value);
  if (!Number.isFinite(value) || size > Number.MAX_SAFE_INTEGER) return refused(expected);
  if (size > 0 && size < SMALLEST) return refused(`${expected}, 0 or at least ${SMALLEST} in size`);
  if (options.whole && !Number.isInteger(value)) return refused(expected);
  if (options.min !== undefined && value < options.min) return refused(expected);
  return { ok: true, value };
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DATE_EXPECTED =
  'an ISO date such as "2026-03-01", or a date-time with an offset such as "2026-03-01T09:30:00+08:00"';

/** A moment as epoch ms, with its text: a date alone stays a date, a date-time becomes UTC. */
export function readDate(cell: unknown): CellReading<{ at: number; text: string }> {
  const text = textOf(cell);
  if (!text.ok) return text;
  if (text.value === undefined) return empty;
  const day = DATE_ONLY.exec(text.value);
  if (day) {
    const at = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    // Date.UTC rolls 2026-02-30 over into March; a real date reads back as itself.
    if (new Date(at).toISOString().slice(0, 10) !== text.value) return refused(DATE_EXPECTED);
    return { ok: true, value: { at, text: text.value } };
  }
  if (!DATE_TIME.test(text.value)) return refused(DATE_EXPECTED);
  const at = Date.parse(text.value);
  if (Number.isNaN(at)) return refused(DATE_EXPECTED);
  return { ok: true, value: { at, text: new Date(at).toISOString() } };
}

/** A custom attribute's value as its declared type; a date is kept as ISO text, which sorts in time order. */
export function readAttribute(cell: unknown, type: AttributeType): CellReading<string | number | boolean> {
  switch (type) {
    case 'string':
      return readText(cell);
    case 'number':
      return readNumber(cell);
    case 'boolean':
      return readBoolean(cell);
    case 'date': {
      const date = readDate(cell);
      return date.ok ? { ok: true, value: date.value?.text } : date;
    }
  }
}

/** An undeclared attribute: text from a CSV, or the JSON value as it is. */
export function readUntypedAttribute(cell: unknown): CellReading<string | number | boolean> {
  if (typeof cell === 'number') return readNumber(cell);
  if (typeof cell === 'boolean') return { ok: true, value: cell };
  return readText(cell);
}
