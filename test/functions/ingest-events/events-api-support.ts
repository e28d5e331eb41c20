import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { LocalEngine } from '../../../engine/engine.ts';
import type { HttpResponse } from '../../../functions/ingest-events/events-request.ts';
import { EventBatchResult, type KNOWN_EVENTS } from '../../../workflows/contracts/customer.ts';

/** What the events API tests share: the fixture events, posting a batch, and counting writes. */

export type KnownEvent = (typeof KNOWN_EVENTS)[number];
export type RawEvent = Record<string, unknown> & { properties: Record<string, unknown> };

/** Every fixture event happened before this instant, the engine clock's start. */
export const START_AT = Date.parse('2027-06-11T03:00:00Z');
const FOREVER = Date.parse('2100-01-01T00:00:00Z');

export const VALID: Record<KnownEvent, RawEvent> = JSON.parse(
  readFileSync(new URL('../../events/ingest/valid-events.json', import.meta.url), 'utf8'),
);

export const OBJECT_EXPECTED = 'expected an object (a mapping of fields)';

const WRITE_COMMANDS = [
  'PutItem',
  'UpdateItem',
  'BatchWriteItem',
  'DeleteItem',
  'TransactWriteItems',
] as const;
type WriteCommand = (typeof WRITE_COMMANDS)[number];
export type WriteCounts = Record<WriteCommand, number>;

export const NO_WRITES: WriteCounts = {
  PutItem: 0,
  UpdateItem: 0,
  BatchWriteItem: 0,
  DeleteItem: 0,
  TransactWriteItems: 0,
};

let serial = 0;

/** A copy of the fixture event of that name with a fresh event id, changed by `change`. */
export function event(name: KnownEvent, customerId: string, change: (copy: RawEvent) => void = () => {}) {
  serial += 1;
  const copy = structuredClone(VALID[name]);
  copy.eventId = `evt-${name}-${serial}`;
  copy.customerId = customerId;
  change(copy);
  return copy;
}

export function writeCounts(engine: LocalEngine): WriteCounts {
  return Object.fromEntries(
    WRITE_COMMANDS.map((command) => [command, engine.usage.requests.get(command) ?? 0]),
  ) as WriteCounts;
}

export function writesSince(engine: LocalEngine, before: WriteCounts): WriteCounts {
  const now = writeCounts(engine);
  return Object.fromEntries(
    WRITE_COMMANDS.map((command) => [command, now[command] - before[command]]),
  ) as WriteCounts;
}

/** Every request so far, reads included: a rejected event must not even read. */
export const usageSnapshot = (engine: LocalEngine) => ({
  writes: writeCounts(engine),
  total: engine.usage.total(),
});

export const post = (engine: LocalEngine, body: unknown): Promise<HttpResponse> =>
  engine.postEvents(JSON.stringify(body));

/** Posts a batch that must be answered 200, and returns its per-event results (checked against the contract). */
export async function postBatch(
  engine: LocalEngine,
  events: readonly unknown[],
): Promise<EventBatchResult['results']> {
  const response = await post(engine, { events });
  expect(response.statusCode, response.body).toBe(200);
  return EventBatchResult.parse(JSON.parse(response.body)).results;
}

export const timelineOf = (engine: LocalEngine, customerId: string) =>
  engine.deps.stores.events.timeline(customerId, 0, FOREVER);

export const statuses = (results: EventBatchResult['results']) => results.map((result) => result.status);
