import { describe, expect, test } from 'vitest';
import { localDocumentClient } from '../../../../engine/dynalite/local-client.ts';
import type { DocumentClient } from '../../../../functions/commons/dynamo/document-client.ts';
import { stateKeys } from '../../../../functions/commons/dynamo/keys.ts';
import { DAY_MS, MINUTE_MS } from '../../../../functions/commons/runtime/clock.ts';
import {
  DynamoInboxStore,
  type InboxDelivery,
  inboxMessageId,
  placeOfId,
} from '../../../../functions/commons/stores/inbox.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** The inbox store on dynalite: one item per send, newest first, pages, expiry and reads. */

const AT = Date.UTC(2027, 5, 11, 2, 0);
const KEPT = 30 * DAY_MS;
const engineOf = useLocalEngine(AT);
let raw: DocumentClient | undefined;
const client = () => {
  raw ??= localDocumentClient({ endpoint: engineOf().dynamoEndpoint });
  return raw;
};
const table = () => engineOf().deps.config.STATE_TABLE;
const store = () => new DynamoInboxStore(client(), table());

let customers = 0;
function freshCustomer(): string {
  customers += 1;
  return `inbox-store-${customers}`;
}

function delivery(customerId: string, stepId: string, at: number, extra: Partial<InboxDelivery> = {}) {
  const runId = 'in-app-onboarding-202706110200';
  return {
    customerId,
    idempotencyKey: `${runId}/${stepId}/${customerId}`,
    journeyId: 'in-app-onboarding',
    runId,
    stepId,
    template: `t-${stepId}`,
    body: `body of ${stepId}`,
    at,
    ...extra,
  } satisfies InboxDelivery;
}

/** Every item of a customer's inbox partition, messages and guards. */
async function partition(customerId: string) {
  const output = await client().query({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': stateKeys.inboxOf(customerId) },
  });
  return output.Items ?? [];
}

describe('the inbox store', () => {
  test('lists messages newest first, each with the TTL attribute DynamoDB expires it by', async () => {
    // Prepare
    const customerId = freshCustomer();
    await store().put(delivery(customerId, 'first', AT, { subject: 'Hello', offer: 'cart-coupon-15' }), KEPT);
    await store().put(delivery(customerId, 'second', AT + MINUTE_MS), KEPT);

    // Act
    const page = await store().list(customerId, AT + 2 * MINUTE_MS, { limit: 10 });

    // Assess
    expect(page.next).toBeUndefined();
    expect(page.messages.map((message) => message.stepId)).toEqual(['second', 'first']);
    expect(page.messages[1]).toMatchObject({
      subject: 'Hello',
      offer: 'cart-coupon-15',
      body: 'body of first',
      sentAt: AT,
      expiresAt: AT + KEPT,
      openCounted: false,
    });
    expect(page.messages[0]).not.toHaveProperty('subject');
    const items = await partition(customerId);
    const messageItem = items.find((item) => item.stepId === 'second' && String(item.sk).startsWith('msg#'));
    expect(messageItem?.expiresAt).toBe(Math.floor((AT + MINUTE_MS + KEPT) / 1000));
    expect(items.every((item) => typeof item.expiresAt === 'number')).toBe(true);
  });

  test('a redelivery later under the same key overwrites its message in its first place, keeping the read', async () => {
    // Prepare
    const customerId = freshCustomer();
    await store().put(delivery(customerId, 'welcome', AT), KEPT);
    const [first] = (await store().list(customerId, AT, { limit: 10 })).messages;
    await store().markRead(customerId, first?.id ?? '', AT + MINUTE_MS);

    // Act
    await store().put(delivery(customerId, 'welcome', AT + 5 * MINUTE_MS, { body: 'again' }), KEPT);
    await Promise.all([
      store().put(delivery(customerId, 'welcome', AT + 6 * MINUTE_MS), KEPT),
      store().put(delivery(customerId, 'welcome', AT + 6 * MINUTE_MS), KEPT),
    ]);

    // Assess: one message and its guard, at the first delivery's time, still read.
    const { messages } = await store().list(customerId, AT + 10 * MINUTE_MS, { limit: 10 });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: first?.id, sentAt: AT, readAt: AT + MINUTE_MS });
    expect(await partition(customerId)).toHaveLength(2);
  });

  test('pages with a cursor: each page at most the limit, the last without a cursor', async () => {
    // Prepare
    const customerId = freshCustomer();
    for (const [index, step] of ['a', 'b', 'c', 'd', 'e'].entries())
      await store().put(delivery(customerId, step, AT + index * MINUTE_MS), KEPT);
    const now = AT + 10 * MINUTE_MS;

    // Act
    const first = await store().list(customerId, now, { limit: 2 });
    const second = await store().list(customerId, now, { limit: 2, after: first.next });
    const third = await store().list(customerId, now, { limit: 2, after: second.next });

    // Assess
    expect([first, second, third].map((page) => page.messages.map((message) => message.stepId))).toEqual([
      ['e', 'd'],
      ['c', 'b'],
      ['a'],
    ]);
    expect(first.next).toBeDefined();
    expect(third.next).toBeUndefined();
    expect(second.next).toBe(second.messages[1]?.id);
  });

  test('a message past its expiry is not listed before DynamoDB removes it, nor can it be read', async () => {
    // Prepare: the first message expires a minute before the second.
    const customerId = freshCustomer();
    await store().put(delivery(customerId, 'old', AT), KEPT);
    await store().put(delivery(customerId, 'new', AT + MINUTE_MS), KEPT);
    const [newer, older] = (await store().list(customerId, AT + MINUTE_MS, { limit: 10 })).messages;
    const between = AT + KEPT + 30_000;

    // Act
    const listed = await store().list(customerId, between, { limit: 10 });
    const read = await store().markRead(customerId, older?.id ?? '', between);

    // Assess
    expect(listed.messages.map((message) => message.id)).toEqual([newer?.id]);
    expect(read).toBeUndefined();
    expect(await partition(customerId)).toHaveLength(4);
  });

  test('a page stops after a few reads through expired messages, with a cursor to go on from', async () => {
    // Prepare: 12 expired messages, newer than the one still kept.
    const customerId = freshCustomer();
    await store().put(delivery(customerId, 'kept', AT), 60 * DAY_MS);
    for (let n = 0; n < 12; n += 1)
      await store().put(delivery(customerId, `gone-${n}`, AT + (n + 1) * 1000), KEPT);
    const now = AT + 40 * DAY_MS;

    // Act: two a page means two items a read, so five reads see ten of the twelve.
    const first = await store().list(customerId, now, { limit: 1 });
    const second = await store().list(customerId, now, { limit: 1, after: first.next });

    // Assess
    expect(first.messages).toEqual([]);
    expect(first.next).toBeDefined();
    expect(second.messages.map((message) => message.stepId)).toEqual(['kept']);
    expect(second.next).toBeUndefined();
  });

  test('marks a message read once: a second read keeps the first time; an unknown id reads nothing', async () => {
    // Prepare
    const customerId = freshCustomer();
    await store().put(delivery(customerId, 'welcome', AT), KEPT);
    const [message] = (await store().list(customerId, AT, { limit: 1 })).messages;
    const id = message?.id ?? '';

    // Act
    const first = await store().markRead(customerId, id, AT + MINUTE_MS);
    const second = await store().markRead(customerId, id, AT + 2 * MINUTE_MS);
    await store().markOpenCounted(customerId, id);
    const counted = await store().markRead(customerId, id, AT + 3 * MINUTE_MS);
    const unknown = await store().markRead(
      customerId,
      inboxMessageId(`${new Date(AT).toISOString()}#r/s`),
      AT,
    );
    const otherCustomer = await store().markRead(freshCustomer(), id, AT);

    // Assess
    expect(first).toMatchObject({ readAt: AT + MINUTE_MS, openCounted: false });
    expect(second?.readAt).toBe(AT + MINUTE_MS);
    expect(counted?.openCounted).toBe(true);
    expect([unknown, otherCustomer]).toEqual([undefined, undefined]);
    expect(await partition(customerId)).toHaveLength(2);
  });

  test('an id is the base64url of the place, and anything else names no message', () => {
    // Prepare
    const place = '2027-06-11T02:00:00.000Z#run-1/send-welcome';

    // Act / Assess
    expect(placeOfId(inboxMessageId(place))).toBe(place);
    expect(placeOfId('not an id')).toBeUndefined();
    expect(placeOfId(inboxMessageId('2027-06-11#run/step'))).toBeUndefined();
    expect(placeOfId(inboxMessageId(`${place}/extra`))).toBeUndefined();
    expect(placeOfId('')).toBeUndefined();
  });
});
