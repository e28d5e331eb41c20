import { BatchGetCommand, BatchWriteCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, test } from 'vitest';
import { answer, TABLE, useDocumentClientPair } from '../../../support/dynamo/document-client-pair.ts';

// Many items: queries page by page, scans and batches on dynalite, as lib-dynamodb answers them.
const clients = useDocumentClientPair();

describe('the document client', () => {
  test('queries page by page with the same items and start keys as lib-dynamodb', async () => {
    // Prepare
    const { documents, reference } = clients();
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
    // Prepare: the items the query test above wrote, doc#q s0 to s6
    const { documents, reference } = clients();
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
    const { documents, reference } = clients();
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
});
