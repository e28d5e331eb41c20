import { isUtf8 } from 'node:buffer';
import { EventBatch, type EventBatchResult } from '../../workflows/contracts/customer.ts';
import type { JourneysError } from '../commons/runtime/errors.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { zodProblems } from '../commons/runtime/zod-problems.ts';
import { ingestEvents } from './ingest.ts';

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The text of a body's bytes, or undefined when they are not UTF-8 (decoding would put U+FFFD in the data). */
export function utf8Text(bytes: Buffer): string | undefined {
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}

const json = (statusCode: number, body: unknown): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The answer to a body whose bytes are not UTF-8. */
export const notUtf8Answer = (): HttpResponse =>
  json(400, { message: 'the body is not UTF-8 text; expected {"events": [ ... ]} as JSON in UTF-8' });

/**
 * POST /events, the same for API Gateway and for `journeys serve`: a body { events: [...] }
 * answered with one result per event (200), or refused whole: malformed JSON or shape (400),
 * too many events (413). Only errors meant for the caller are shown; the rest are a bare 500.
 */
export async function handleEventsRequest(
  body: string | undefined,
  deps: RuntimeDeps,
): Promise<HttpResponse> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return json(400, { message: 'the body is not JSON; expected {"events": [ ... ]}' });
  }
  const batch = EventBatch.safeParse(parsed, { reportInput: true });
  if (!batch.success)
    return json(400, { message: 'expected {"events": [ ... ]}', problems: zodProblems(batch.error) });
  try {
    const results = await ingestEvents(batch.data.events, deps);
    const response: EventBatchResult = { results };
    return json(200, response);
  } catch (error) {
    const exposed = error as JourneysError & { statusCode?: number; expose?: boolean };
    if (exposed.expose && exposed.statusCode) return json(exposed.statusCode, { message: exposed.message });
    deps.logger.error('events request failed', { error: exposed.name });
    return json(500, { message: 'internal error' });
  }
}
