import type { EventResult } from '../../workflows/contracts/customer.ts';
import { SEGMENT_LIMITS, SegmentBatch } from '../../workflows/segment/spec.ts';
import type { JourneysError } from '../commons/runtime/errors.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { zodProblems } from '../commons/runtime/zod-problems.ts';
import type { HttpResponse } from '../ingest-events/events-request.ts';
import { ingestSegmentCalls } from './segment-ingest.ts';

/** The routes of Segment's HTTP tracking API that Journeys serves. */
export const SEGMENT_PATHS = ['/v1/batch', '/v1/track', '/v1/identify'] as const;
export type SegmentPath = (typeof SEGMENT_PATHS)[number];

export const isSegmentPath = (path: string): path is SegmentPath =>
  (SEGMENT_PATHS as readonly string[]).includes(path);

/** What a Segment route answers: Segment's { success }, with one result per call as POST /events gives. */
export interface SegmentAnswer {
  readonly success: boolean;
  readonly message?: string;
  readonly problems?: readonly { path: string; message: string }[];
  readonly results?: readonly EventResult[];
}

const answer = (statusCode: number, body: SegmentAnswer): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * POST /v1/batch, /v1/track or /v1/identify, the same for API Gateway and `journeys serve`, in
 * Segment's contract as its libraries read it: 200 when every call was taken (accepted, a
 * duplicate, or refused for a reason a retry cannot mend, told in its result); 400 for a body that
 * is not JSON, is too large, or has no calls, and for a lone track or identify that was refused;
 * 503 when a call failed for a reason of the server's, so the library sends the batch again and
 * the calls already taken are duplicates.
 */
export async function handleSegmentRequest(
  path: SegmentPath,
  body: string | undefined,
  deps: RuntimeDeps,
): Promise<HttpResponse> {
  const limit = path === '/v1/batch' ? SEGMENT_LIMITS.batchBytes : SEGMENT_LIMITS.messageBytes;
  const bytes = new TextEncoder().encode(body ?? '').length;
  if (bytes > limit)
    return answer(400, {
      success: false,
      message: `the body is ${bytes} bytes: expected at most ${limit} on ${path}, as Segment takes`,
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return answer(400, {
      success: false,
      message: `the body is not JSON; expected a Segment call on ${path}`,
    });
  }
  const receivedAt = deps.clock.now();
  try {
    if (path === '/v1/batch') {
      const batch = SegmentBatch.safeParse(parsed, { reportInput: true });
      if (!batch.success)
        return answer(400, {
          success: false,
          message: 'expected {"batch": [ ... ]}',
          problems: zodProblems(batch.error),
        });
      const { sentAt, context } = batch.data;
      const results = await ingestSegmentCalls(batch.data.batch, { receivedAt, sentAt, context }, deps);
      return answered(results);
    }
    // A lone call's type is its route's; a call that says otherwise is refused for it.
    const type = path === '/v1/track' ? 'track' : 'identify';
    const call = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : undefined;
    if (!call) return answer(400, { success: false, message: `expected a ${type} call: an object` });
    const said = (call as { type?: unknown }).type;
    if (said !== undefined && said !== type)
      return answer(400, {
        success: false,
        message: `expected type "${type}" on ${path}, got ${JSON.stringify(said)}`,
      });
    const results = await ingestSegmentCalls([{ type, ...call }], { receivedAt }, deps);
    const [result] = results;
    if (result?.status === 'rejected')
      return answer(400, { success: false, message: `the ${type} call was refused`, results });
    return answered(results);
  } catch (error) {
    const exposed = error as JourneysError & { statusCode?: number; expose?: boolean };
    if (exposed.expose && exposed.statusCode)
      return answer(exposed.statusCode, { success: false, message: exposed.message });
    deps.logger.error('segment request failed', { error: exposed.name });
    return answer(500, { success: false, message: 'internal error' });
  }
}

function answered(results: readonly EventResult[]): HttpResponse {
  if (results.some((result) => result.status === 'failed'))
    return answer(503, {
      success: false,
      message:
        'some calls could not be processed this time; send the batch again (the others are duplicates then)',
      results,
    });
  return answer(200, { success: true, results });
}
