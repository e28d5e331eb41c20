import { BatchGetCommand, BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, test } from 'vitest';
import { localDocumentClient } from '../../../../engine/dynalite/local-client.ts';
import { answer, referenceClient, TABLE } from '../../../support/dynamo/document-client-pair.ts';

describe('the document client', () => {
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
    const stubbedReference = referenceClient('http://127.0.0.1:9', { requestHandler: stub as never });
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
