import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTables } from '../../../engine/create-tables.ts';
import { localDocumentClient } from '../../../engine/dynalite/local-client.ts';
import { type LocalDynamo, startDynalite } from '../../../engine/dynalite/server.ts';
import type { DocumentClient } from '../../../functions/commons/dynamo/document-client.ts';
import { tableNames } from '../../../functions/commons/dynamo/tables.ts';

/**
 * dynalite in its worker thread serves one store two ways: HTTP on 127.0.0.1 for any client, and
 * the message-port channel the engine's own clients use. Both must give the same answers.
 */

const TABLE = tableNames('channel-test').state;
let dynamo: LocalDynamo;
let overChannel: DocumentClient;
let overHttp: DocumentClient;

beforeAll(async () => {
  dynamo = await startDynalite();
  await createTables(dynamo.endpoint, tableNames('channel-test'));
  overChannel = localDocumentClient({ endpoint: dynamo.endpoint, requestHandler: dynamo.requestHandler });
  overHttp = localDocumentClient({ endpoint: dynamo.endpoint });
});

afterAll(async () => {
  overHttp?.destroy();
  await dynamo?.stop();
});

describe("dynalite's channel", () => {
  test('what one path writes the other reads, with the same consumed capacity', async () => {
    // Prepare
    const item = { pk: 'chan#1', sk: 'a', name: '李娜', tiers: ['H'], spend: 1288.5 };

    // Act
    await overChannel.put({ TableName: TABLE, Item: item });
    const viaHttp = await overHttp.get({
      TableName: TABLE,
      Key: { pk: 'chan#1', sk: 'a' },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    });
    await overHttp.put({ TableName: TABLE, Item: { ...item, sk: 'b' } });
    const viaChannel = await overChannel.get({
      TableName: TABLE,
      Key: { pk: 'chan#1', sk: 'b' },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    });

    // Assess
    expect(viaHttp.Item).toEqual(item);
    expect(viaChannel.Item).toEqual({ ...item, sk: 'b' });
    expect(viaChannel.ConsumedCapacity).toEqual(viaHttp.ConsumedCapacity);
  });

  test('a failed condition and an invalid request reach the caller as the same errors as over HTTP', async () => {
    // Prepare
    await overChannel.put({ TableName: TABLE, Item: { pk: 'chan#2', sk: 'a' } });
    const conditional = {
      TableName: TABLE,
      Item: { pk: 'chan#2', sk: 'a' },
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    const invalid = { TableName: TABLE, Item: { pk: 'chan#2' } };

    // Act
    const failures = await Promise.all(
      [overChannel, overHttp].flatMap((client) => [
        client.put(conditional).catch((error: Error) => error),
        client.put(invalid).catch((error: Error) => error),
      ]),
    );

    // Assess
    const [channelConditional, channelInvalid, httpConditional, httpInvalid] = failures as Error[];
    expect(channelConditional?.name).toBe('ConditionalCheckFailedException');
    expect(channelInvalid?.name).toBe('ValidationException');
    expect(channelInvalid?.message).toMatch(/key/i);
    expect([channelConditional?.name, channelInvalid?.message]).toEqual([
      httpConditional?.name,
      httpInvalid?.message,
    ]);
  });

  test('many requests in flight each get their own answer', async () => {
    // Act
    await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        overChannel.put({
          TableName: TABLE,
          Item: { pk: 'chan#many', sk: String(index).padStart(3, '0'), index },
        }),
      ),
    );
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        overChannel.get({ TableName: TABLE, Key: { pk: 'chan#many', sk: String(index).padStart(3, '0') } }),
      ),
    );

    // Assess
    expect(answers.map((answer) => answer.Item?.index)).toEqual(
      Array.from({ length: 200 }, (_, index) => index),
    );
  });
});

describe('stopping dynalite', () => {
  test('fails the requests sent after the stop instead of leaving them waiting', async () => {
    // Prepare
    const stopped = await startDynalite();
    const client = localDocumentClient({
      endpoint: stopped.endpoint,
      requestHandler: stopped.requestHandler,
    });
    await stopped.stop();

    // Act
    const failure = await client
      .get({ TableName: TABLE, Key: { pk: 'chan#x', sk: 'a' } })
      .catch((error: Error) => error);

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/dynalite's worker is stopping or has stopped/);
  });

  test('lets the requests already sent finish, and a second stop waits for the same one', async () => {
    // Prepare
    const running = await startDynalite();
    await createTables(running.endpoint, tableNames('channel-test'));
    const client = localDocumentClient({
      endpoint: running.endpoint,
      requestHandler: running.requestHandler,
    });
    const writes = Array.from({ length: 50 }, (_, index) =>
      client.batchWrite({
        RequestItems: {
          [TABLE]: Array.from({ length: 25 }, (_, item) => ({
            PutRequest: { Item: { pk: `chan#stop${index}`, sk: String(item) } },
          })),
        },
      }),
    );

    // The SDK hands each request to the channel after a few promise steps; let them get there.
    await new Promise((resolve) => setImmediate(resolve));

    // Act
    const began = performance.now();
    const [first, second] = [running.stop(), running.stop()];
    const outcomes = await Promise.allSettled(writes);
    await Promise.all([first, second]);

    // Assess
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    expect(first).toBe(second);
    expect(performance.now() - began).toBeLessThan(4_000);
  });
});
