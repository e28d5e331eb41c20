import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runSimulation } from '../../simulation/simulate.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';

/** A recorded event log in a fresh folder, one JSON event per line. */
function eventLog(events: readonly object[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'journeys-replay-')), 'events.jsonl');
  writeFileSync(file, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
  return file;
}

/** cart-nudge alone over a small base, its events replayed from `eventsFile`. */
const replay = async (eventsFile: string, customers: number, days: number) =>
  runSimulation({
    catalog: await catalogFromWorkspace('workflows', ['cart-nudge']),
    customers,
    days,
    seed: 1,
    startAt: Date.parse('2027-06-10T16:00:00Z'),
    eventsFile,
  });

test('a recorded event log replays through the events API instead of the behaviour model', async () => {
  // Prepare: two carts worth over ¥50 a day apart, and one under the cart-nudge filter.
  const file = eventLog([
    {
      eventId: 'r1',
      customerId: 'c00001',
      name: 'add_to_cart',
      at: '2027-06-11T03:00:00Z',
      properties: { cartValue: 120 },
    },
    {
      eventId: 'r2',
      customerId: 'c00002',
      name: 'add_to_cart',
      at: '2027-06-11T03:10:00Z',
      properties: { cartValue: 20 },
    },
    {
      eventId: 'r3',
      customerId: 'c00003',
      name: 'add_to_cart',
      at: '2027-06-12T05:00:00Z',
      properties: { cartValue: 75 },
    },
  ]);
  // Act
  const result = await replay(file, 5, 3);
  // Assess
  expect(result.events).toBe(3);
  const funnel = result.funnels.find((candidate) => candidate.journeyId === 'cart-nudge');
  expect(funnel?.entered).toBe(2);
  expect(result.failedExecutions).toBe(0);
});

test('loading the customer base is not counted among the operations the run would have used', async () => {
  // Prepare: an empty event log, so nothing but the base is written to the customers table.
  const file = eventLog([]);
  // Act
  const result = await replay(file, 50, 1);
  // Assess
  expect(result.operations.dynamo.requests.get('BatchWriteItem') ?? 0).toBe(0);
  expect(result.operations.dynamo.writeCapacity).toBe(0);
});
