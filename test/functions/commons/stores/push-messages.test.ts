import { describe, expect, test } from 'vitest';
import { localDocumentClient } from '../../../../engine/dynalite/local-client.ts';
import { stateKeys } from '../../../../functions/commons/dynamo/keys.ts';
import { type PushMessage, pushMessageIdsOf } from '../../../../functions/commons/stores/push-messages.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** The pushes SNS took, on dynalite: one item by message id, one pointer in the customer's partition. */

const AT = Date.UTC(2027, 5, 11, 10, 0);
const engineOf = useLocalEngine(AT);
const store = () => engineOf().deps.stores.pushMessages;

const pushOf = (messageId: string, customerId: string): PushMessage => ({
  messageId,
  customerId,
  idempotencyKey: `run-1/send-welcome/${customerId}`,
  journeyId: 'welcome',
  runId: 'run-1',
  stepId: 'send-welcome',
  platform: 'GCM',
});

describe('the push message store', () => {
  test('finds the pushes remembered at once by their message ids, and none for an id it never saw', async () => {
    // Act
    await Promise.all([
      store().remember(pushOf('9655abe4-6ed6-5734-89f7-e6a6a42de02a', 'c-1')),
      store().remember(pushOf('c3ad79b0-8996-550a-8bfa-24f05989898f', 'c-2')),
    ]);
    const found = await store().find([
      '9655abe4-6ed6-5734-89f7-e6a6a42de02a',
      'c3ad79b0-8996-550a-8bfa-24f05989898f',
      '00000000-0000-5000-8000-000000000000',
    ]);

    // Assess
    expect([...found.keys()].sort()).toEqual([
      '9655abe4-6ed6-5734-89f7-e6a6a42de02a',
      'c3ad79b0-8996-550a-8bfa-24f05989898f',
    ]);
    expect(found.get('c3ad79b0-8996-550a-8bfa-24f05989898f')).toEqual({
      ...pushOf('c3ad79b0-8996-550a-8bfa-24f05989898f', 'c-2'),
      publishedAt: AT,
    });
  });

  test('keeps both items 3 days, and the pointer holds nothing but its key', async () => {
    // Prepare
    const client = localDocumentClient({ endpoint: engineOf().dynamoEndpoint });
    const table = engineOf().tables.state;
    await store().remember(pushOf('1a2b3c4d-0000-5000-8000-000000000001', 'c-3'));

    // Act
    const [item, pointer] = await Promise.all([
      client.get({ TableName: table, Key: stateKeys.snsMessage('1a2b3c4d-0000-5000-8000-000000000001') }),
      client.get({
        TableName: table,
        Key: stateKeys.snsMessagePointer('c-3', '1a2b3c4d-0000-5000-8000-000000000001'),
      }),
    ]);

    // Assess
    const threeDays = Math.floor((AT + 3 * 86_400_000) / 1000);
    expect(item.Item?.expiresAt).toBe(threeDays);
    expect(pointer.Item).toEqual({
      pk: 'customer#c-3',
      sk: 'sns-message#1a2b3c4d-0000-5000-8000-000000000001',
      expiresAt: threeDays,
    });
  });

  test("a customer's pushes are found from their partition's sort keys, and forgotten by message id", async () => {
    // Prepare
    await store().remember(pushOf('5e6f7a8b-0000-5000-8000-000000000002', 'c-4'));
    const sortKeys = await engineOf().deps.stores.customerPartition.sortKeysOf('c-4');

    // Act
    const held = await store().ofCustomer('c-4', sortKeys);
    await store().forget(held.map((message) => message.messageId));

    // Assess
    expect(pushMessageIdsOf(sortKeys)).toEqual(['5e6f7a8b-0000-5000-8000-000000000002']);
    expect(held.map((message) => message.customerId)).toEqual(['c-4']);
    expect(await store().find(['5e6f7a8b-0000-5000-8000-000000000002'])).toEqual(new Map());
  });

  test('the pointers sort outside the range of enrollments and memberships, which ingest queries', () => {
    // Act
    const { sk } = stateKeys.snsMessagePointer('c-5', '7c8d9e0f-0000-5000-8000-000000000003');
    const range = stateKeys.membershipsOf('c-5');

    // Assess: ingest reads every item between "enrolled#" and "run$" of each event's customer.
    expect(sk > range.to || sk < range.from).toBe(true);
  });
});
