import type { z } from 'zod';
import { schemaViolations } from '../language/schema-violations.ts';
import { parseSource } from '../language/source.ts';
import type { DocumentPath, LocatedViolation, Violation } from '../rules/violation.ts';
import { type PinpointSegment, PinpointTemplate, SegmentExport } from './export-input.ts';
import { PinpointJourney } from './journey-input.ts';

/** Which of the shapes Pinpoint prints a journey in the file held. */
export type JourneyEnvelope =
  | 'WriteJourneyRequest'
  | 'JourneyResponse'
  | '{"JourneyResponse": …} (get-journey)'
  | '{"WriteJourneyRequest": …} (create-journey input)'
  | `{"JourneysResponse": {"Item": […]}} (list-journeys, item ${number})`;

export interface ReadJourney {
  readonly file: string;
  readonly journey?: PinpointJourney;
  readonly envelope?: JourneyEnvelope;
  /** Locates a violation whose path is inside the journey (the envelope is added). */
  readonly locate: (violation: Violation) => LocatedViolation;
  readonly violations: readonly LocatedViolation[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const NOT_A_JOURNEY =
  'expected a Pinpoint journey: a WriteJourneyRequest or JourneyResponse object, get-journey\'s {"JourneyResponse": …} or list-journeys\' {"JourneysResponse": {"Item": […]}}';

/**
 * Reads a Pinpoint journey in any of the shapes the API, the SDK and the CLI print: the bare
 * WriteJourneyRequest or JourneyResponse, or either in its envelope. Errors carry the line of
 * the field they are about.
 */
export function readPinpointJourney(file: string, text: string): ReadJourney {
  const [first] = readPinpointJourneys(file, text);
  return first ?? { file, locate: parseSource(file, text).locate, violations: [] };
}

/** Every journey of a file: one, or each of list-journeys' page of them. */
export function readPinpointJourneys(file: string, text: string): ReadJourney[] {
  const source = parseSource(file, text);
  const inside = (base: DocumentPath) => (violation: Violation) =>
    source.locate({ ...violation, path: [...base, ...violation.path] });
  if (source.syntaxViolations.length > 0)
    return [{ file, locate: inside([]), violations: source.syntaxViolations }];
  const data = source.data;
  const list = isObject(data) && isObject(data.JourneysResponse) ? data.JourneysResponse.Item : undefined;
  if (isObject(data) && 'JourneysResponse' in data) {
    const locate = inside(['JourneysResponse', 'Item']);
    if (!Array.isArray(list) || list.length === 0)
      return [
        {
          file,
          locate,
          violations: [
            locate({
              code: 'pinpoint.not_a_journey',
              path: [],
              message: "expected list-journeys' JourneysResponse.Item to hold the journeys; it holds none",
            }),
          ],
        },
      ];
    return list.map((item: unknown, index) =>
      readBody(
        file,
        item,
        inside(['JourneysResponse', 'Item', index]),
        [],
        () => `{"JourneysResponse": {"Item": […]}} (list-journeys, item ${index + 1})`,
      ),
    );
  }
  const base: DocumentPath = isObject(data)
    ? 'JourneyResponse' in data
      ? ['JourneyResponse']
      : 'WriteJourneyRequest' in data
        ? ['WriteJourneyRequest']
        : []
    : [];
  const envelopeProblems = isObject(data) ? envelopeViolations(data, base).map(source.locate) : [];
  const body = base.length > 0 && isObject(data) ? data[String(base[0])] : data;
  return [
    readBody(file, body, inside(base), envelopeProblems, (journey) =>
      base[0] === 'JourneyResponse'
        ? '{"JourneyResponse": …} (get-journey)'
        : base[0] === 'WriteJourneyRequest'
          ? '{"WriteJourneyRequest": …} (create-journey input)'
          : journey.Id !== undefined
            ? 'JourneyResponse'
            : 'WriteJourneyRequest',
    ),
  ];
}

function readBody(
  file: string,
  body: unknown,
  locate: (violation: Violation) => LocatedViolation,
  envelopeProblems: readonly LocatedViolation[],
  envelopeOf: (journey: PinpointJourney) => JourneyEnvelope,
): ReadJourney {
  if (!isObject(body))
    return {
      file,
      locate,
      violations: [locate({ code: 'pinpoint.not_a_journey', path: [], message: NOT_A_JOURNEY })],
    };
  const result = PinpointJourney.safeParse(body, { reportInput: true });
  const violations = [
    ...envelopeProblems,
    ...(result.success ? [] : schemaViolations(result.error.issues).map(locate)),
  ];
  if (!result.success || violations.length > 0) return { file, locate, violations };
  return { file, journey: result.data, envelope: envelopeOf(result.data), locate, violations };
}

/** Beside an envelope, only what `create-journey`'s input has: ApplicationId. */
function envelopeViolations(data: Record<string, unknown>, base: DocumentPath): Violation[] {
  if (base.length === 0) return [];
  const allowed =
    base[0] === 'WriteJourneyRequest' ? ['WriteJourneyRequest', 'ApplicationId'] : ['JourneyResponse'];
  return Object.keys(data)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({
      code: 'schema.unknown_field',
      path: [key],
      message: `unknown field "${key}" beside ${String(base[0])}; check its spelling or remove it`,
      at: 'key' as const,
    }));
}

export interface ReadExport<T> {
  readonly values: readonly T[];
  readonly violations: readonly LocatedViolation[];
}

function readExport<T>(file: string, text: string, schema: z.ZodType<T | T[]>): ReadExport<T> {
  const source = parseSource(file, text);
  if (source.syntaxViolations.length > 0) return { values: [], violations: source.syntaxViolations };
  const result = schema.safeParse(source.data, { reportInput: true });
  if (!result.success)
    return { values: [], violations: schemaViolations(result.error.issues).map(source.locate) };
  return { values: Array.isArray(result.data) ? result.data : [result.data], violations: [] };
}

/** Exported segments: get-segment's output, a list of them, or get-segments' page. */
export function readSegments(file: string, text: string): ReadExport<PinpointSegment> {
  return readExport(file, text, SegmentExport as z.ZodType<PinpointSegment[]>);
}

/** One exported template: get-email-template's, get-sms-template's or get-push-template's output. */
export function readTemplate(file: string, text: string): ReadExport<PinpointTemplate> {
  return readExport(file, text, PinpointTemplate);
}
