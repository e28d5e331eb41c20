import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTables } from '../../../engine/create-tables.ts';
import { localDocumentClient } from '../../../engine/dynalite/local-client.ts';
import { DynamoUsage } from '../../../engine/metering/dynamo-usage.ts';
import type { DocumentClient } from '../../../functions/commons/dynamo/document-client.ts';
import { tableNames } from '../../../functions/commons/dynamo/tables.ts';
import { type TestEndpoint, testEndpoint, uniquePrefix } from '../../support/dynamo/test-endpoint.ts';

/**
 * The metered read units follow DynamoDB's documented rule on either emulator: a key not found
 * still costs a read (dynalite charges it in a BatchGetItem, DynamoDB Local does not), and so does
 * a Query that finds nothing (both emulators report 0).
 */

const TABLES = tableNames(uniquePrefix('read-units'));
const TABLE = TABLES.state;
let dynamo: TestEndpoint;
let client: DocumentClient;
let usage: DynamoUsage;

beforeAll(async () => {
  dynamo = await testEndpoint();
  await createTables(dynamo.endpoint, TABLES);
  client = localDocumentClient({ endpoint: dynamo.endpoint });
  // Two items under 4 KB and one of about 5 KB: one read unit each, and two.
  await client.put({ TableName: TABLE, Item: { pk: 'units#a', sk: '1', note: 'small' } });
  await client.put({ TableName: TABLE, Item: { pk: 'units#b', sk: '1', note: 'small' } });
  await client.put({ TableName: TABLE, Item: { pk: 'units#large', sk: '1', note: 'x'.repeat(5_000) } });
});

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
});

/** The read units one request through a fresh metered client was charged. */
async function readUnitsOf(request: (metered: DocumentClient) => Promise<unknown>): Promise<number> {
  usage = new DynamoUsage();
  const metered = localDocumentClient({
    endpoint: dynamo.endpoint,
    metering: { usage, payerOf: () => 'test' },
  });
  try {
    await request(metered);
  } finally {
    metered.destroy();
  }
  return usage.readCapacity;
}

const keys = ['units#a', 'units#b', 'units#large', 'units#gone-1', 'units#gone-2', 'units#gone-3'].map(
  (pk) => ({
    pk,
    sk: '1',
  }),
);

describe('read units as DynamoDB documents them', () => {
  test('a BatchGetItem charges each item found by its size, and each key not found as a read of its own', async () => {
    // Act
    const eventual = await readUnitsOf((metered) =>
      metered.batchGet({ RequestItems: { [TABLE]: { Keys: keys } } }),
    );
    const strong = await readUnitsOf((metered) =>
      metered.batchGet({ RequestItems: { [TABLE]: { Keys: keys, ConsistentRead: true } } }),
    );

    // Assess: (1 + 1 + 2 + 3 missing) units, halved when eventually consistent.
    expect(eventual).toBe(3.5);
    expect(strong).toBe(7);
  });

  test('a GetItem of a missing key costs a read', async () => {
    // Act
    const units = await readUnitsOf((metered) =>
      metered.get({ TableName: TABLE, Key: { pk: 'units#gone-1', sk: '1' } }),
    );

    // Assess
    expect(units).toBe(0.5);
  });

  test('a Query that finds nothing costs a read, and one that finds items their size', async () => {
    // Act
    const empty = await readUnitsOf((metered) =>
      metered.query({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'units#nothing' },
      }),
    );
    const large = await readUnitsOf((metered) =>
      metered.query({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'units#large' },
        ConsistentRead: true,
      }),
    );

    // Assess
    expect(empty).toBe(0.5);
    expect(large).toBe(2);
  });
});
