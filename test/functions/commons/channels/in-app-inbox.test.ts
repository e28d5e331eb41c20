import { describe, expect, test } from 'vitest';
import { localDocumentClient } from '../../../../engine/dynalite/local-client.ts';
import type { OutgoingMessage } from '../../../../functions/commons/channels/channel-adapter.ts';
import { InAppInboxAdapter, inboxDeliveryOf } from '../../../../functions/commons/channels/in-app-inbox.ts';
import type { DocumentClient } from '../../../../functions/commons/dynamo/document-client.ts';
import { stateKeys } from '../../../../functions/commons/dynamo/keys.ts';
import { DAY_MS, MINUTE_MS } from '../../../../functions/commons/runtime/clock.ts';
import { DynamoInboxStore } from '../../../../functions/commons/stores/inbox.ts';
import type { Channel } from '../../../../workflows/schema/index.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** The in_app adapter over the real inbox store on dynalite. */

const AT = Date.UTC(2027, 5, 11, 2, 0);
const engineOf = useLocalEngine(AT);
let raw: DocumentClient | undefined;
const inbox = () => {
  raw ??= localDocumentClient({ endpoint: engineOf().dynamoEndpoint });
  return new DynamoInboxStore(raw, engineOf().deps.config.STATE_TABLE);
};

const message = (customerId: string, channel: Channel = 'in_app', at = AT): OutgoingMessage => ({
  idempotencyKey: `run-1/send-welcome/${customerId}`,
  channel,
  customerId,
  journeyId: 'in-app-onboarding',
  runId: 'run-1',
  stepId: 'send-welcome',
  template: 'in-app-welcome',
  offer: 'cart-coupon-15',
  to: `${customerId}@example.com`,
  subject: 'Welcome',
  body: 'Your coupon is waiting.',
  html: '<p>not for the inbox</p>',
  unsubscribeUrl: 'http://127.0.0.1/unsubscribe?token=x',
  at,
});

describe('the in-app inbox adapter', () => {
  test('stores each message in its customer inbox, kept for the configured days, and accepts it', async () => {
    // Prepare
    const adapter = new InAppInboxAdapter(inbox(), 7);

    // Act
    const outcomes = await adapter.deliver([message('ia-1'), message('ia-2')]);

    // Assess
    expect(outcomes).toEqual([
      { idempotencyKey: 'run-1/send-welcome/ia-1', status: 'accepted' },
      { idempotencyKey: 'run-1/send-welcome/ia-2', status: 'accepted' },
    ]);
    const { messages } = await inbox().list('ia-1', AT, { limit: 10 });
    expect(messages).toEqual([
      expect.objectContaining({
        idempotencyKey: 'run-1/send-welcome/ia-1',
        journeyId: 'in-app-onboarding',
        stepId: 'send-welcome',
        offer: 'cart-coupon-15',
        subject: 'Welcome',
        body: 'Your coupon is waiting.',
        sentAt: AT,
        expiresAt: AT + 7 * DAY_MS,
      }),
    ]);
  });

  test('keeps no address, HTML or link of the message: only what the inbox shows and which send it is', () => {
    // Act
    const kept = inboxDeliveryOf(message('ia-3'));

    // Assess
    expect(Object.keys(kept).sort()).toEqual([
      'at',
      'body',
      'customerId',
      'idempotencyKey',
      'journeyId',
      'offer',
      'runId',
      'stepId',
      'subject',
      'template',
    ]);
  });

  test('a batch delivered again, at once and later, leaves one message per idempotency key', async () => {
    // Prepare
    const adapter = new InAppInboxAdapter(inbox(), 30);

    // Act
    await Promise.all([adapter.deliver([message('ia-4')]), adapter.deliver([message('ia-4')])]);
    await adapter.deliver([message('ia-4', 'in_app', AT + MINUTE_MS)]);

    // Assess
    const items = await raw?.query({
      TableName: engineOf().deps.config.STATE_TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
      ExpressionAttributeValues: { ':pk': stateKeys.inboxOf('ia-4'), ':msg': 'msg#' },
    });
    expect(items?.Items?.map((item) => item.idempotencyKey)).toEqual(['run-1/send-welcome/ia-4']);
  });

  test('refuses a message of another channel, which the router never hands it', async () => {
    // Prepare
    const adapter = new InAppInboxAdapter(inbox(), 30);

    // Act
    const outcomes = await adapter.deliver([message('ia-5', 'email'), message('ia-6')]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'accepted']);
    expect(outcomes[0]).toMatchObject({ reason: 'the in-app inbox takes in_app messages, not email' });
    expect((await inbox().list('ia-5', AT, { limit: 10 })).messages).toEqual([]);
  });
});
