import { describe, expect, test } from 'vitest';
import { localDocumentClient } from '../../../../engine/dynalite/local-client.ts';
import { DAY_MS } from '../../../../functions/commons/runtime/clock.ts';
import { DynamoEventStore } from '../../../../functions/commons/stores/events.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** The timeline on dynalite: what DynamoDB's TTL on the events table reads. */

const AT = Date.UTC(2027, 5, 11, 2, 0);
const engineOf = useLocalEngine(AT);

describe('a timeline item', () => {
  test('expires EVENT_TTL_DAYS after it was written (400 by default), whenever the event happened', async () => {
    // Prepare
    const engine = engineOf();
    const { config } = engine.deps;
    const client = localDocumentClient({ endpoint: engine.dynamoEndpoint });
    const older = new DynamoEventStore(client, config.EVENTS_TABLE, 30);
    const event = (eventId: string, at: number) => ({
      eventId,
      customerId: 'timeline-ttl-1',
      name: 'signup' as const,
      at: new Date(at).toISOString(),
      properties: {},
    });

    // Act
    await engine.deps.stores.events.appendToTimelines([event('e-1', AT - 10 * DAY_MS)], AT);
    await older.appendToTimelines([event('e-2', AT - DAY_MS)], AT);

    // Assess
    const items = await engine.deps.stores.events.timeline('timeline-ttl-1', 0, AT + DAY_MS);
    const expiries = await Promise.all(
      items.map(async (item) => {
        const stored = await client.get({
          TableName: config.EVENTS_TABLE,
          Key: { pk: 'timeline-ttl-1', sk: `${new Date(item.at).toISOString()}#${item.eventId}` },
        });
        return [item.eventId, stored.Item?.expiresAt];
      }),
    );
    expect(config.EVENT_TTL_DAYS).toBe(400);
    expect(Object.fromEntries(expiries)).toEqual({
      'e-1': (AT + 400 * DAY_MS) / 1000,
      'e-2': (AT + 30 * DAY_MS) / 1000,
    });
  });
});
