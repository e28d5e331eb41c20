import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { EventRow, HttpCase, HttpExpectation } from './cases.ts';
import { bodyBytes } from './hostile-values.ts';

/** Values a running stack seeded, filled into `${name}` of a case's path, headers and text. */
export type Seeded = Readonly<Record<string, string>>;

export function fill(text: string, seeded: Seeded): string {
  return text.replace(/\$\{(\w+)\}/g, (_match, name: string) => {
    const value = seeded[name];
    if (value === undefined) throw new Error(`no seeded value named ${name}`);
    return value;
  });
}

export interface Answer {
  readonly status: number;
  readonly text: string;
}

/** Sends a case's request as a client would, and reads the whole answer. */
export async function send(port: number, entry: HttpCase, seeded: Seeded): Promise<Answer> {
  const headers = Object.fromEntries(
    Object.entries(entry.headers ?? {}).map(([name, value]) => [name, fill(value, seeded)]),
  );
  if (entry.auth === 'segment')
    headers.authorization = `Basic ${Buffer.from(`${seeded.segmentWriteKey}:`).toString('base64')}`;
  const body =
    entry.text !== undefined
      ? fill(entry.text, seeded)
      : entry.body !== undefined
        ? new Uint8Array(bodyBytes(entry.body))
        : undefined;
  const response = await fetch(`http://127.0.0.1:${port}${fill(entry.path, seeded)}`, {
    method: entry.method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, text: await response.text() };
}

interface Problem {
  readonly path: string;
  readonly message: string;
}

/** The problems an answer lists: the batch's own, and each result's. */
function problemsOf(json: unknown): Problem[] {
  const answer = (json ?? {}) as { problems?: Problem[]; results?: { problems?: Problem[] }[] };
  return [...(answer.problems ?? []), ...(answer.results ?? []).flatMap((result) => result.problems ?? [])];
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An HTML page as its words, for a page's message. */
const pageText = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

/**
 * The answer has the status, and names the field: a problem at exactly that path holding the
 * message, or, without problems, a message holding both.
 */
export function expectAnswer(answer: Answer, expected: HttpExpectation): void {
  expect(answer.status, answer.text.slice(0, 500)).toBe(expected.status);
  const json = parsed(answer.text);
  const problems = problemsOf(json);
  if (problems.length > 0) {
    expect(problems).toContainEqual({
      path: expected.field,
      message: expect.stringContaining(expected.message),
    });
    return;
  }
  const message =
    json === undefined ? pageText(answer.text) : String((json as { message?: unknown }).message);
  expect(message).toContain(expected.message);
  expect(message).toContain(expected.field);
}

type KnownFixtures = Record<string, Record<string, unknown>>;

/** The valid events the rows change, one per known name (test/events/ingest/valid-events.json). */
export const VALID_EVENTS: KnownFixtures = JSON.parse(
  readFileSync(new URL('../../events/ingest/valid-events.json', import.meta.url), 'utf8'),
);

/** The object holding the last part of a dotted path, made where missing, and that part. */
function parentOf(root: Record<string, unknown>, path: string): [Record<string, unknown>, string] {
  const parts = path.split('.');
  const last = parts.pop() ?? '';
  let node = root;
  for (const part of parts) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  return [node, last];
}

/** The event a row describes, generators kept for the body to write. */
export function eventOf(row: EventRow): unknown {
  if (!row.from) return row.event;
  const valid = VALID_EVENTS[row.from];
  if (!valid) throw new Error(`no valid event named ${row.from}`);
  const copy = structuredClone(valid);
  for (const path of row.unset ?? []) {
    const [parent, key] = parentOf(copy, path);
    delete parent[key];
  }
  for (const [path, value] of Object.entries(row.set ?? {})) {
    const [parent, key] = parentOf(copy, path);
    // Defined, not assigned: "__proto__" must become a field, as JSON.parse makes it.
    Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** A row as a request: one event in a batch, answered 200 with that event rejected for its field. */
export function eventRowCase(row: EventRow): HttpCase {
  return {
    case: row.case,
    method: 'POST',
    path: '/events',
    body: { events: [eventOf(row)] },
    expect: { status: 200, field: row.path, message: row.expects },
  };
}
