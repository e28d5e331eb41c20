import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, test } from 'vitest';
import { answer, TABLE, useDocumentClientPair } from '../../../support/dynamo/document-client-pair.ts';

// Single items: put, get, update and delete on dynalite, as lib-dynamodb answers them.
const clients = useDocumentClientPair();

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
    // Prepare
    const { documents, reference } = clients();

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
    const { documents, reference } = clients();
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
    const { documents, reference } = clients();
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
    const { documents, reference } = clients();
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

  test('counts each request, and its kind by the key of the item it touches', async () => {
    // Prepare
    const { documents, usage } = clients();
    const before = usage.requestsByKind.get('GetItem:cohort') ?? 0;

    // Act
    await documents.get({ TableName: TABLE, Key: { pk: 'cohort#x', sk: 'registry' } });

    // Assess
    expect((usage.requestsByKind.get('GetItem:cohort') ?? 0) - before).toBe(1);
    expect(usage.charged('tests').requests).toBeGreaterThan(0);
  });
});
