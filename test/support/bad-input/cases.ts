import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The bad-input suite's tables: one fixture file (a JSON list of cases) per input surface under
 * test/fixtures/bad-input/, and the malformed events of test/events/malformed, which the suite
 * also posts to POST /events. Every case names the field its answer must name and a part of the
 * message; the loops also check that no table changed.
 */
export const BAD_INPUT_FIXTURES = new URL('../../fixtures/bad-input/', import.meta.url);
const MALFORMED_EVENTS = new URL('../../events/malformed/', import.meta.url);

const Case = z.string().min(1);

/** What an HTTP answer must say: its status, the field it names, and a part of its message. */
export const HttpExpectation = z.strictObject({
  status: z.number().int(),
  /**
   * A problem's path (exactly; "" is the body itself), or, for an answer without problems, a
   * word its message holds.
   */
  field: z.string(),
  /** A part of that problem's message, or of the answer's message (HTML pages: their text). */
  message: z.string().min(1),
});
export type HttpExpectation = z.infer<typeof HttpExpectation>;

/** A request to `journeys serve`; `${name}` in the path, headers and text is filled from seeded values. */
export const HttpCase = z.strictObject({
  case: Case,
  method: z.string().default('POST'),
  path: z.string().startsWith('/'),
  headers: z.record(z.string(), z.string()).optional(),
  /** Sends Segment's write key as HTTP Basic auth. */
  auth: z.literal('segment').optional(),
  /** A JSON body, with hostile-values generators anywhere. */
  body: z.unknown().optional(),
  /** A body sent as this text. */
  text: z.string().optional(),
  expect: HttpExpectation,
});
export type HttpCase = z.infer<typeof HttpCase>;

/** One event of a POST /events batch, as test/events/malformed writes it: whole, or a valid fixture changed. */
export const EventRow = z.strictObject({
  case: Case,
  event: z.unknown().optional(),
  from: z.string().optional(),
  /** Dotted paths to values (generators allowed). */
  set: z.record(z.string(), z.unknown()).optional(),
  unset: z.array(z.string()).optional(),
  /** The path a problem must name, from the event's root. */
  path: z.string(),
  /** A part of that problem's message. */
  expects: z.string().min(1),
});
export type EventRow = z.infer<typeof EventRow>;

/** File text, or parts of it, some repeated (`{"repeat": "[", "times": 10000}`). */
export const FileText = z.union([
  z.string(),
  z.array(z.union([z.string(), z.strictObject({ repeat: z.string(), times: z.number().int().positive() })])),
]);

/** A line of a customer file: text (parts allowed), or raw bytes in hex (a file not saved as UTF-8). */
const Line = z.union([FileText, z.strictObject({ hex: z.string().regex(/^([0-9a-f]{2})+$/) })]);
export type Line = z.infer<typeof Line>;

export const ImportRowCase = z.strictObject({
  case: Case,
  format: z.enum(['csv', 'jsonl']),
  /** The mapping's YAML. @default each field from the column of its own name */
  mapping: z.string().optional(),
  /** The file: for CSV, the header first. */
  lines: z.array(Line).min(1),
  /** The reject that names the row and column, with a part of its reason. */
  expect: z.strictObject({ row: z.number().int(), column: z.string(), reason: z.string().min(1) }),
});
export type ImportRowCase = z.infer<typeof ImportRowCase>;

/** A violation a file must be refused with: at this path, holding this message. */
export const FileExpectation = z.strictObject({
  path: z.string(),
  message: z.string().min(1),
  code: z.string().optional(),
  line: z.number().int().optional(),
});
export type FileExpectation = z.infer<typeof FileExpectation>;

export const MappingCase = z.strictObject({ case: Case, text: FileText, expect: FileExpectation });
export type MappingCase = z.infer<typeof MappingCase>;

/** A file put into a small valid workspace (at `file`, relative to its root), which must then refuse to run. */
export const WorkspaceFileCase = z.strictObject({
  case: Case,
  file: z.string().min(1),
  text: FileText,
  expect: FileExpectation,
});
export type WorkspaceFileCase = z.infer<typeof WorkspaceFileCase>;

/** A `journeys` command line; `${dataDir}` and `${fixtures}` are filled in. */
export const CliCase = z.strictObject({
  case: Case,
  args: z.array(z.string()).min(1),
  expect: z.strictObject({
    code: z.number().int().positive(),
    /** The flag, argument or file the message names. */
    field: z.string().min(1),
    /** A part of what it prints: stderr, or stdout where the command's report is the answer (validate). */
    output: z.string().min(1),
  }),
});
export type CliCase = z.infer<typeof CliCase>;

export const textOf = (text: z.infer<typeof FileText>): string =>
  typeof text === 'string'
    ? text
    : text.map((part) => (typeof part === 'string' ? part : part.repeat.repeat(part.times))).join('');

const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, 'utf8'));

/** The cases of one fixture file, checked against their schema; a duplicate title is refused. */
export function loadCases<S extends z.ZodType>(file: string, schema: S): z.output<S>[] {
  const cases = z.array(schema).parse(readJson(new URL(file, BAD_INPUT_FIXTURES))) as z.output<S>[];
  const titles = cases.map((entry) => (entry as { case: string }).case);
  const repeated = titles.filter((title, index) => titles.indexOf(title) !== index);
  if (repeated.length > 0) throw new Error(`${file} repeats the case ${repeated.join(', ')}`);
  return cases;
}

/** The malformed events of test/events/malformed, each with the file it came from. */
export function malformedEventRows(): (EventRow & { file: string })[] {
  return readdirSync(MALFORMED_EVENTS)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) =>
      z
        .array(EventRow)
        .parse(readJson(new URL(file, MALFORMED_EVENTS)))
        .map((row) => ({ ...row, file: `test/events/malformed/${file}` })),
    );
}

/** Every surface of the suite: its fixture file and schema, counted by the case-count test. */
export const SURFACES = {
  'events (POST /events)': { file: 'events.json', schema: EventRow },
  'event batches (POST /events)': { file: 'event-requests.json', schema: HttpCase },
  "events in Segment's format": { file: 'segment.json', schema: HttpCase },
  unsubscribe: { file: 'unsubscribe.json', schema: HttpCase },
  'in-app inbox': { file: 'inbox.json', schema: HttpCase },
  'erasure and export': { file: 'customer-rights.json', schema: HttpCase },
  'import rows': { file: 'import-rows.json', schema: ImportRowCase },
  'mapping files': { file: 'mappings.json', schema: MappingCase },
  'journey files': { file: 'journeys.json', schema: WorkspaceFileCase },
  'offer files': { file: 'offers.json', schema: WorkspaceFileCase },
  'template files': { file: 'templates.json', schema: WorkspaceFileCase },
  'event catalog files': { file: 'event-catalogs.json', schema: WorkspaceFileCase },
  'workspace config files': { file: 'workspace-configs.json', schema: WorkspaceFileCase },
  'CLI arguments': { file: 'cli.json', schema: CliCase },
} as const;
