import { type EventResult, MAX_EVENTS_PER_BATCH } from '../../workflows/contracts/customer.ts';
import { SegmentSettings } from '../../workflows/schema/segment-settings.ts';
import {
  type CallEnvelope,
  callPath,
  type MappedCall,
  mapSegmentCall,
} from '../../workflows/segment/map-call.ts';
import { SEGMENT_LIMITS } from '../../workflows/segment/spec.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { ingestEvents } from '../ingest-events/ingest.ts';

/** The settings when the workspace has none: Segment's e-commerce names, other tracks as custom events. */
const DEFAULT_SETTINGS = SegmentSettings.parse({});

/**
 * Segment calls through the events API's ingest: each mapped on its own (workflows/segment/), the
 * mapped ones ingested as one batch (in slices of the events API's limit, in order), each answered
 * as POST /events answers an event, its id the call's messageId. A call refused by the mapping or
 * by ingest names the field as the sender wrote it; one bad call never stops the others.
 */
export async function ingestSegmentCalls(
  calls: readonly unknown[],
  envelope: CallEnvelope,
  deps: RuntimeDeps,
): Promise<EventResult[]> {
  const settings = deps.catalog.segment ?? DEFAULT_SETTINGS;
  const results: EventResult[] = new Array(calls.length);
  const mapped = calls.map((call): MappedCall => {
    const tooBig = sizeProblem(call);
    if (!tooBig) return mapSegmentCall(call, settings, envelope);
    const messageId = (call as { messageId?: unknown }).messageId;
    return { problems: [tooBig], sources: {}, ...(typeof messageId === 'string' ? { messageId } : {}) };
  });
  const ingestible: { index: number; call: MappedCall; event: Readonly<Record<string, unknown>> }[] = [];
  mapped.forEach((call, index) => {
    if (call.event) ingestible.push({ index, call, event: call.event });
    else
      results[index] = { index, eventId: call.messageId, status: 'rejected', problems: [...call.problems] };
  });
  for (let start = 0; start < ingestible.length; start += MAX_EVENTS_PER_BATCH) {
    const slice = ingestible.slice(start, start + MAX_EVENTS_PER_BATCH);
    const ingested = await ingestEvents(
      slice.map(({ event }) => event),
      deps,
    );
    for (const result of ingested) {
      const source = slice[result.index];
      if (!source) continue;
      results[source.index] =
        result.status === 'rejected'
          ? {
              ...result,
              index: source.index,
              problems: result.problems.map((problem) => ({
                path: callPath(problem.path, source.call.sources),
                message: problem.message,
              })),
            }
          : { ...result, index: source.index };
    }
  }
  deps.metrics.addMetric('SegmentCallsRefused', 'Count', mapped.filter((call) => !call.event).length);
  return results;
}

/** A call over Segment's 32 KB a message is refused, as Segment's own API refuses it. */
function sizeProblem(call: unknown): { path: string; message: string } | undefined {
  let text: string;
  try {
    text = JSON.stringify(call) ?? '';
  } catch {
    // JSON.stringify recurses: a call nested thousands of levels deep overflows the stack.
    return {
      path: '',
      message: `the message is nested too deep to write as JSON: expected at most ${SEGMENT_LIMITS.messageBytes} bytes (32 KB) of plain JSON, as Segment takes`,
    };
  }
  const bytes = new TextEncoder().encode(text).length;
  if (bytes <= SEGMENT_LIMITS.messageBytes) return undefined;
  return {
    path: '',
    message: `the message is ${bytes} bytes: expected at most ${SEGMENT_LIMITS.messageBytes} (32 KB), as Segment takes`,
  };
}
