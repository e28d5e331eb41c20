import type { SQSRecord } from 'aws-lambda';
import { type EventResult, MAX_EVENTS_PER_BATCH } from '../../workflows/contracts/customer.ts';
import { SegmentSettings } from '../../workflows/schema/segment-settings.ts';
import { callPath, mapSegmentCall } from '../../workflows/segment/map-call.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { zodProblems } from '../commons/runtime/zod-problems.ts';
import { ingestEvents } from '../ingest-events/ingest.ts';
import { detailShape, EventBridgeEvent } from './eventbridge-envelope.ts';

/** What became of one SQS record; a record that is not `ok` is reported as a batch item failure. */
export type RecordOutcome =
  /** `ignored`: a Segment call no journey can use (page, screen, group, alias), taken off the queue. */
  | { readonly ok: true; readonly status: 'accepted' | 'duplicate' | 'ignored' }
  /** Can never be ingested as it is: retried, then left in the dead-letter queue to be looked at. */
  | { readonly ok: false; readonly poison: true; readonly paths: readonly string[] }
  /** Failed for a reason of the server's: the retry may succeed. */
  | { readonly ok: false; readonly poison: false };

const DEFAULT_SETTINGS = SegmentSettings.parse({});
/** The Segment calls that map onto events; page, screen, group and alias say nothing a journey reads. */
const MAPPED_CALLS = new Set(['track', 'identify']);

interface Ingestible {
  readonly messageId: string;
  readonly event: Readonly<Record<string, unknown>>;
  /** Our path → the detail's, for a Segment call. */
  readonly sources: Readonly<Record<string, string>>;
}

/**
 * The events of a batch of SQS records, each an EventBridge event whose detail is an event in
 * our format or a call in Segment's, ingested together as POST /events ingests a batch.
 */
export async function ingestEventBridgeRecords(
  records: readonly SQSRecord[],
  deps: RuntimeDeps,
): Promise<Map<string, RecordOutcome>> {
  const outcomes = new Map<string, RecordOutcome>();
  const receivedAt = deps.clock.now();
  const settings = deps.catalog.segment ?? DEFAULT_SETTINGS;
  const ingestible: Ingestible[] = [];
  for (const record of records) {
    const read = readRecord(record.body);
    if ('paths' in read) {
      outcomes.set(record.messageId, { ok: false, poison: true, paths: read.paths });
      continue;
    }
    if (read.shape === 'journeys') {
      ingestible.push({ messageId: record.messageId, event: read.detail, sources: {} });
      continue;
    }
    // A destination forwards every call of a source; only track and identify become events.
    if (!MAPPED_CALLS.has(String(read.detail.type))) {
      outcomes.set(record.messageId, { ok: true, status: 'ignored' });
      continue;
    }
    const mapped = mapSegmentCall(read.detail, settings, { receivedAt });
    if (mapped.event)
      ingestible.push({ messageId: record.messageId, event: mapped.event, sources: mapped.sources });
    else outcomes.set(record.messageId, poison(mapped.problems.map((problem) => `detail.${problem.path}`)));
  }
  for (let start = 0; start < ingestible.length; start += MAX_EVENTS_PER_BATCH) {
    const slice = ingestible.slice(start, start + MAX_EVENTS_PER_BATCH);
    const results = await ingestEvents(
      slice.map(({ event }) => event),
      deps,
    );
    for (const result of results) {
      const source = slice[result.index];
      if (source) outcomes.set(source.messageId, outcomeOf(result, source.sources));
    }
  }
  return outcomes;
}

function outcomeOf(result: EventResult, sources: Readonly<Record<string, string>>): RecordOutcome {
  if (result.status === 'accepted' || result.status === 'duplicate')
    return { ok: true, status: result.status };
  if (result.status === 'failed') return { ok: false, poison: false };
  return poison(result.problems.map((problem) => `detail.${callPath(problem.path, sources)}`));
}

const poison = (paths: readonly string[]): RecordOutcome => ({ ok: false, poison: true, paths });

/** The record's detail and its shape, or the paths of what makes it unreadable. */
function readRecord(
  body: string,
): { detail: Readonly<Record<string, unknown>>; shape: 'journeys' | 'segment' } | { paths: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { paths: ['(body: not JSON)'] };
  }
  const envelope = EventBridgeEvent.safeParse(parsed, { reportInput: true });
  if (!envelope.success)
    return { paths: zodProblems(envelope.error).map((problem) => problem.path || '(event)') };
  const shape = detailShape(envelope.data.detail);
  if (shape === 'unknown')
    return { paths: ['detail (neither an event of the events API nor a Segment call)'] };
  return { detail: envelope.data.detail, shape };
}
