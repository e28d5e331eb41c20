import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EventRow, HttpCase, loadCases, malformedEventRows } from '../support/bad-input/cases.ts';
import { eventRowCase, expectAnswer, send } from '../support/bad-input/http-cases.ts';
import { type SeededStack, startSeededStack } from '../support/bad-input/seeded-stack.ts';
import { NO_CHANGES } from '../support/bad-input/table-snapshot.ts';

// Bad requests to `journeys serve`: each refused with a message naming its field, nothing written.
// The malformed events of test/events/malformed are posted too: there the schema alone is tested.
let stack: SeededStack;
let seededItems = 0;

beforeAll(async () => {
  stack = await startSeededStack();
  seededItems = await stack.snapshots.baseline();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const rows = [
  ...malformedEventRows(),
  ...loadCases('events.json', EventRow).map((row) => ({
    ...row,
    file: 'test/fixtures/bad-input/events.json',
  })),
];
const requests = {
  'POST /events, whole batches': loadCases('event-requests.json', HttpCase),
  "Segment's /v1/batch, /v1/track and /v1/identify": loadCases('segment.json', HttpCase),
  'GET and POST /unsubscribe': loadCases('unsubscribe.json', HttpCase),
  'the in-app inbox': loadCases('inbox.json', HttpCase),
  'erasure and export': loadCases('customer-rights.json', HttpCase),
};

test('the stack holds a seeded customer, so a wrong write, erasure or read has something to change', () => {
  expect(seededItems).toBeGreaterThan(10);
});

describe('POST /events rejects each bad event for its field and writes nothing', () => {
  test.each(rows.map((row) => [`${row.case} (${row.file})`, row] as const))('%s', async (_title, row) => {
    // Act
    const answer = await send(stack.running.port, eventRowCase(row), stack.seeded);
    const changes = await stack.snapshots.changes();

    // Assess
    expectAnswer(answer, { status: 200, field: row.path, message: row.expects });
    expect(JSON.parse(answer.text).results[0].status).toBe('rejected');
    expect(changes).toEqual(NO_CHANGES);
  });
});

describe.each(Object.entries(requests))('%s', (_surface, cases) => {
  test.each(cases.map((entry) => [entry.case, entry] as const))('%s', async (_title, entry) => {
    // Act
    const answer = await send(stack.running.port, entry, stack.seeded);
    const changes = await stack.snapshots.changes();

    // Assess
    expectAnswer(answer, entry.expect);
    expect(changes).toEqual(NO_CHANGES);
  });
});

// Defined last, so it runs after every case above: no case brought the server down.
test('the server still answers after every case', async () => {
  const health = await fetch(`http://127.0.0.1:${stack.running.port}/health`);
  expect(health.status).toBe(200);
});
