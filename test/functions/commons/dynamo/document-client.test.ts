import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTables } from '../../../../engine/create-tables.ts';
import { localDocumentClient } from '../../../../engine/dynalite/local-client.ts';
import { type LocalDynamo, startDynalite } from '../../../../engine/dynalite/server.ts';
import { DynamoUsage } from '../../../../engine/metering/dynamo-usage.ts';
import type { DocumentClient } from '../../../../functions/commons/dynamo/document-client.ts';
import { tableNames } from '../../../../functions/commons/dynamo/tables.ts';

/**
 * The document client on dynalite, beside lib-dynamodb's DynamoDBDocumentClient on the same
 * tables: for every operation the stores use, both give the same answers.
 */

const TABLE = tableNames('doc-test').state;
let dynamo: LocalDynamo;
let documents: DocumentClient;
let reference: DynamoDBDocumentClient;
const usage = new DynamoUsage();

beforeAll(async () => {
  dynamo = await startDynalite();
  await createTables(dynamo.endpoint, tableNames('doc-test'));
  documents = localDocumentClient({ endpoint: dynamo.endpoint, metering: { usage, payerOf: () => 'tests' } });
  reference = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
});

afterAll(async () => {
  documents?.destroy();
  reference?.destroy();
  await dynamo?.stop();
});

/** What an answer says, without the request's metadata and consumed capacity. */
function answer(output: object): object {
  const { $metadata: _metadata, ConsumedCapacity: _capacity, ...rest } = output as Record<string, unknown>;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
}

const item = (pk: string, sk: string) => ({
  pk,
  sk,
  count: 3,
  ratio: 0.25,
  name: 'Zhang Wei',
  flags: { vip: true, muted: false, nothing: null },
  tiers: ['H', 'E'],
  tags: new Set(['cart', 'sale']),
  empty: '',
  gone: undefined,
  nested: { kept: 1, gone: undefined, deeper: [{ gone: undefined, kept: 'x' }] },
});

describe('the document client', () => {
  test('puts and gets items with nested values as lib-dynamodb does, dropping undefined attributes', async () => {
    // Act
    await documents.put({ TableName: TABLE, Item: item('doc#1', 'a') });
    await reference.send(new PutCommand({ TableName: TABLE, Item: item('doc#2', 'a') }));
    const mine = await documents.get({
      TableName: TABLE,
      Key: { pk: 'doc#2', sk: 'a' },
      ConsistentRead: true,
    });
    const theirs = await reference.send(
      new GetCommand({ TableName: TABLE, Key: { pk: 'doc#1', sk: 'a' }, ConsistentRead: true }),
    );

    // Assess
    expect({ ...mine.Item, pk: 'same' }).toEqual({ ...theirs.Item, pk: 'same' });
    expect(mine.Item).not.toHaveProperty('gone');
    expect(mine.Item?.nested).toEqual({ kept: 1, deeper: [{ kept: 'x' }] });
    expect(mine.Item?.tags).toEqual(new Set(['cart', 'sale']));
    expect(answer(await documents.get({ TableName: TABLE, Key: { pk: 'doc#none', sk: 'a' } }))).toEqual({});
  });

  test('refuses an empty set with the same message as lib-dynamodb, before sending anything', async () => {
    // Prepare
    const put = { TableName: TABLE, Item: { pk: 'doc#e', sk: 'a', tags: new Set<string>() } };

    // Act
    const mine = await documents.put(put).catch((error: Error) => error);
    const theirs = await reference.send(new PutCommand(put)).catch((error: Error) => error);

    // Assess
    expect((mine as Error).message).toBe((theirs as Error).message);
    expect((mine as Error).message).toMatch(/non-empty set/);
  });

  test('updates with expression values and returns the new attributes, and a failed condition throws the same error', async () => {
    // Prepare
    const update = {
      TableName: TABLE,
      UpdateExpression: 'ADD #count :one SET #name = :name',
      ConditionExpression: 'attribute_not_exists(#stop)',
      ExpressionAttributeNames: { '#count': 'count', '#name': 'name', '#stop': 'stop' },
      ExpressionAttributeValues: { ':one': 1, ':name': 'Li Na' },
      ReturnValues: 'ALL_NEW' as const,
    };

    // Act
    const mine = await documents.update({ ...update, Key: { pk: 'doc#u', sk: 'mine' } });
    const theirs = await reference.send(new UpdateCommand({ ...update, Key: { pk: 'doc#u', sk: 'theirs' } }));
    const refused = await documents
      .update({
        ...update,
        Key: { pk: 'doc#u', sk: 'mine' },
        ConditionExpression: 'attribute_not_exists(#stop) AND attribute_not_exists(#count)',
      })
      .catch((error: unknown) => error);

    // Assess
    expect(answer(mine)).toEqual({ Attributes: { pk: 'doc#u', sk: 'mine', count: 1, name: 'Li Na' } });
    expect({ ...theirs.Attributes, sk: 'mine' }).toEqual(mine.Attributes);
    expect(refused).toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  test('deletes with a condition and returns the old item as lib-dynamodb does', async () => {
    // Prepare
    await documents.put({ TableName: TABLE, Item: { pk: 'doc#d', sk: 'mine', at: 5 } });
    await documents.put({ TableName: TABLE, Item: { pk: 'doc#d', sk: 'theirs', at: 5 } });
    const remove = {
      TableName: TABLE,
      ConditionExpression: '#at = :at',
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: { ':at': 5 },
      ReturnValues: 'ALL_OLD' as const,
    };

    // Act
    const mine = await documents.delete({ ...remove, Key: { pk: 'doc#d', sk: 'mine' } });
    const theirs = await reference.send(new DeleteCommand({ ...remove, Key: { pk: 'doc#d', sk: 'theirs' } }));

    // Assess
    expect(answer(mine)).toEqual({ Attributes: { pk: 'doc#d', sk: 'mine', at: 5 } });
    expect({ ...theirs.Attributes, sk: 'mine' }).toEqual(mine.Attributes);
    expect(
      (await documents.get({ TableName: TABLE, Key: { pk: 'doc#d', sk: 'mine' } })).Item,
    ).toBeUndefined();
  });

  test('queries page by page with the same items and start keys as lib-dynamodb', async () => {
    // Prepare
    await documents.batchWrite({
      RequestItems: {
        [TABLE]: Array.from({ length: 7 }, (_, index) => ({
          PutRequest: { Item: { pk: 'doc#q', sk: `s${index}`, index } },
        })),
      },
    });
    const query = {
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'doc#q', ':prefix': 's' },
      Limit: 3,
    };

    // Act
    const pages: object[][] = [[], []];
    for (const [side, send] of [
      [0, (startKey?: Record<string, unknown>) => documents.query({ ...query, ExclusiveStartKey: startKey })],
      [
        1,
        (startKey?: Record<string, unknown>) =>
          reference.send(new QueryCommand({ ...query, ExclusiveStartKey: startKey })),
      ],
    ] as const) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await send(startKey);
        pages[side]?.push(answer(page));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }

    // Assess
    expect(pages[0]).toHaveLength(3);
    expect(pages[0]).toEqual(pages[1]);
    expect(pages[0]?.[0]).toMatchObject({ LastEvaluatedKey: { pk: 'doc#q', sk: 's2' }, Count: 3 });
  });

  test('scans with a filter as lib-dynamodb does', async () => {
    // Prepare
    const scan = {
      TableName: TABLE,
      FilterExpression: 'pk = :pk AND #index >= :from',
      ExpressionAttributeNames: { '#index': 'index' },
      ExpressionAttributeValues: { ':pk': 'doc#q', ':from': 5 },
    };

    // Act
    const mine = await documents.scan(scan);
    const theirs = await reference.send(new ScanCommand(scan));

    // Assess
    expect(answer(mine)).toEqual(answer(theirs));
    expect(mine.Items?.map((found) => found.index).sort()).toEqual([5, 6]);
  });

  test('batch-gets and batch-writes puts and deletes as lib-dynamodb does', async () => {
    // Prepare
    const keys = [0, 1, 2].map((index) => ({ pk: 'doc#b', sk: `k${index}` }));
    await documents.batchWrite({
      RequestItems: { [TABLE]: keys.map((key) => ({ PutRequest: { Item: { ...key, tier: 'A' } } })) },
    });

    // Act
    const written = await documents.batchWrite({
      RequestItems: { [TABLE]: [{ DeleteRequest: { Key: keys[0] as Record<string, unknown> } }] },
    });
    const request = { RequestItems: { [TABLE]: { Keys: keys, ConsistentRead: true } } };
    const mine = await documents.batchGet(request);
    const theirs = await reference.send(new BatchGetCommand(request));
    const theirWrite = await reference.send(
      new BatchWriteCommand({ RequestItems: { [TABLE]: [{ DeleteRequest: { Key: keys[1] } }] } }),
    );

    // Assess
    expect(answer(written)).toEqual(answer(theirWrite));
    const sorted = (items: Record<string, unknown>[] | undefined) =>
      [...(items ?? [])].sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
    expect(sorted(mine.Responses?.[TABLE])).toEqual([
      { pk: 'doc#b', sk: 'k1', tier: 'A' },
      { pk: 'doc#b', sk: 'k2', tier: 'A' },
    ]);
    expect(sorted(mine.Responses?.[TABLE])).toEqual(sorted(theirs.Responses?.[TABLE]));
    expect(mine.UnprocessedKeys).toEqual(theirs.UnprocessedKeys);
  });

  test('counts each request, and its kind by the key of the item it touches', async () => {
    // Prepare
    const before = usage.requestsByKind.get('GetItem:cohort') ?? 0;

    // Act
    await documents.get({ TableName: TABLE, Key: { pk: 'cohort#x', sk: 'registry' } });

    // Assess
    expect((usage.requestsByKind.get('GetItem:cohort') ?? 0) - before).toBe(1);
    expect(usage.charged('tests').requests).toBeGreaterThan(0);
  });

  test('turns the unprocessed items and keys DynamoDB gives back into plain values as lib-dynamodb does', async () => {
    // Prepare: dynalite never leaves anything unprocessed, so a stub transport answers as a throttled table would
    const answers: Record<string, object> = {
      BatchWriteItem: {
        UnprocessedItems: {
          [TABLE]: [
            { PutRequest: { Item: { pk: { S: 'doc#w' }, sk: { S: 'a' }, tags: { SS: ['x', 'y'] } } } },
            { DeleteRequest: { Key: { pk: { S: 'doc#w' }, sk: { S: 'b' } } } },
          ],
        },
      },
      BatchGetItem: {
        Responses: { [TABLE]: [{ pk: { S: 'doc#g' }, sk: { S: 'a' }, count: { N: '2' } }] },
        UnprocessedKeys: {
          [TABLE]: { Keys: [{ pk: { S: 'doc#g' }, sk: { S: 'b' } }], ConsistentRead: true },
        },
      },
      Query: {
        Items: [{ pk: { S: 'doc#q' }, sk: { S: 'a' }, at: { N: '1.5' } }],
        Count: 1,
        LastEvaluatedKey: { pk: { S: 'doc#q' }, sk: { S: 'a' } },
      },
    };
    const stub = {
      async handle(request: { headers: Record<string, string> }) {
        const operation = String(request.headers['x-amz-target']).split('.')[1] ?? '';
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Buffer.from(JSON.stringify(answers[operation] ?? {})),
          },
        };
      },
    };
    const stubbed = localDocumentClient({ endpoint: 'http://127.0.0.1:9', requestHandler: stub as never });
    const stubbedReference = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: 'http://127.0.0.1:9',
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        requestHandler: stub as never,
      }),
    );
    const write = { RequestItems: { [TABLE]: [{ PutRequest: { Item: { pk: 'doc#w', sk: 'a' } } }] } };
    const read = { RequestItems: { [TABLE]: { Keys: [{ pk: 'doc#g', sk: 'a' }] } } };
    const query = {
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'doc#q' },
    };

    // Act
    const mine = [
      await stubbed.batchWrite(write),
      await stubbed.batchGet(read),
      await stubbed.query(query),
    ].map(answer);
    const theirs = [
      await stubbedReference.send(new BatchWriteCommand(write)),
      await stubbedReference.send(new BatchGetCommand(read)),
      await stubbedReference.send(new QueryCommand(query)),
    ].map(answer);

    // Assess
    expect(mine).toEqual(theirs);
    expect(mine[0]).toEqual({
      UnprocessedItems: {
        [TABLE]: [
          { PutRequest: { Item: { pk: 'doc#w', sk: 'a', tags: new Set(['x', 'y']) } } },
          { DeleteRequest: { Key: { pk: 'doc#w', sk: 'b' } } },
        ],
      },
    });
    expect(mine[1]).toMatchObject({ UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'doc#g', sk: 'b' }] } } });
    expect(mine[2]).toMatchObject({ LastEvaluatedKey: { pk: 'doc#q', sk: 'a' }, Items: [{ at: 1.5 }] });
  });
});
