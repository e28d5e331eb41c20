import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import type { OutgoingMessage } from '../../../../../functions/commons/channels/channel-adapter.ts';
import { SnsPushAdapter } from '../../../../../functions/commons/channels/push/sns-push.ts';
import type { PushMessageStore } from '../../../../../functions/commons/stores/push-messages.ts';
import { useLocalEngine } from '../../../../support/engine/store-engine.ts';

// The adapter keeps each push SNS took, under SNS's MessageId, for SNS's delivery status logs.
const sns = mockClient(SNSClient);
afterEach(() => sns.reset());
const AT = Date.parse('2027-06-11T03:00:00Z');
const engineOf = useLocalEngine(AT);

const ENDPOINTS = 'arn:aws:sns:us-east-1:111122223333:endpoint';
const message = (customerId: string): OutgoingMessage => ({
  idempotencyKey: `run-1/send-cart-reminder/${customerId}`,
  channel: 'push',
  customerId,
  journeyId: 'cart-nudge',
  runId: 'run-1',
  stepId: 'send-cart-reminder',
  template: 'cart-reminder-push',
  devices: [
    {
      platform: 'apns',
      token: 'apns-token-1',
      endpointArn: `${ENDPOINTS}/APNS_SANDBOX/shop-dev/2a9c`,
      registeredAt: 0,
    },
    { platform: 'fcm', token: 'fcm-token-1', endpointArn: `${ENDPOINTS}/GCM/shop/7b3d`, registeredAt: 0 },
  ],
  body: 'Your cart is waiting.',
  at: AT,
});

function publishAnswers() {
  let published = 0;
  sns.on(PublishCommand).callsFake(async () => {
    published += 1;
    return { MessageId: `0000000${published}-6ed6-5734-89f7-e6a6a42de02a` };
  });
}

describe('the SNS push adapter and the delivery status logs', () => {
  test("keeps each device's push under its SNS message id, with the send it belongs to and the platform", async () => {
    // Prepare
    publishAnswers();
    const adapter = new SnsPushAdapter(new SNSClient({ region: 'us-east-1' }));
    const pushMessages = engineOf().deps.stores.pushMessages;

    // Act
    const outcomes = await adapter.deliver([message('c-1')], { pushMessages });
    const kept = await pushMessages.find([
      '00000001-6ed6-5734-89f7-e6a6a42de02a',
      '00000002-6ed6-5734-89f7-e6a6a42de02a',
    ]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['accepted']);
    const reference = {
      customerId: 'c-1',
      idempotencyKey: 'run-1/send-cart-reminder/c-1',
      journeyId: 'cart-nudge',
      runId: 'run-1',
      stepId: 'send-cart-reminder',
    };
    expect([...kept.values()].map(({ publishedAt: _, ...push }) => push)).toEqual(
      expect.arrayContaining([
        { messageId: '00000001-6ed6-5734-89f7-e6a6a42de02a', platform: 'APNS_SANDBOX', ...reference },
        { messageId: '00000002-6ed6-5734-89f7-e6a6a42de02a', platform: 'GCM', ...reference },
      ]),
    );
    expect(kept.size).toBe(2);
  });

  test('a push that cannot be kept is still accepted, with a warning that names no device', async () => {
    // Prepare: the state table refuses the write.
    publishAnswers();
    const warnings: Record<string, unknown>[] = [];
    const adapter = new SnsPushAdapter(new SNSClient({ region: 'us-east-1' }), {
      logger: { warn: (text, attributes) => warnings.push({ text, ...attributes }) },
    });
    const refusing: PushMessageStore = {
      ...engineOf().deps.stores.pushMessages,
      remember: async () => {
        throw Object.assign(new Error('throughput exceeded'), {
          name: 'ProvisionedThroughputExceededException',
        });
      },
    };

    // Act
    const outcomes = await adapter.deliver([message('c-2')], { pushMessages: refusing });

    // Assess: no retry of the batch, which would publish again.
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['accepted']);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(warnings).toEqual([
      {
        text: 'push not remembered for its delivery status',
        error: 'ProvisionedThroughputExceededException',
        journeyId: 'cart-nudge',
        stepId: 'send-cart-reminder',
      },
      {
        text: 'push not remembered for its delivery status',
        error: 'ProvisionedThroughputExceededException',
        journeyId: 'cart-nudge',
        stepId: 'send-cart-reminder',
      },
    ]);
    expect(JSON.stringify(warnings)).not.toContain('token');
  });
});
