import { readFileSync } from 'node:fs';
import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import type { OutgoingMessage } from '../../../../../functions/commons/channels/channel-adapter.ts';
import { SnsPushAdapter } from '../../../../../functions/commons/channels/push/sns-push.ts';
import type { Device } from '../../../../../workflows/contracts/device-events.ts';

// SNS mobile push has no local emulator: the adapter is checked at the SDK's edge, request by request.
const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

const cases = JSON.parse(
  readFileSync(new URL('../../../../fixtures/channels/sns-publish-errors.json', import.meta.url), 'utf8'),
) as { error: string; message: string; answer: 'gone' | 'rejected' | 'retried' | 'thrown' }[];

const snsError = (name: string, message = `SNS said ${name}`) =>
  new SNSServiceException({ name, $fault: 'client', $metadata: {}, message });

const ENDPOINTS = 'arn:aws:sns:us-east-1:111122223333:endpoint';
const device = (platform: Device['platform'], endpointArn: string | undefined, token: string): Device => ({
  platform,
  token,
  ...(endpointArn ? { endpointArn } : {}),
  registeredAt: 0,
});
const iphone = device('apns', `${ENDPOINTS}/APNS/shop/1f0e`, 'apns-token-iphone');
const sandboxIphone = device('apns', `${ENDPOINTS}/APNS_SANDBOX/shop-dev/2a9c`, 'apns-token-dev');
const android = device('fcm', `${ENDPOINTS}/GCM/shop/7b3d`, 'fcm-token-android');

function push(
  customerId: string,
  devices: readonly Device[],
  fields: Partial<OutgoingMessage> = {},
): OutgoingMessage {
  return {
    idempotencyKey: `run-1/send-cart-reminder/${customerId}`,
    channel: 'push',
    customerId,
    journeyId: 'cart-nudge',
    runId: 'run-1',
    stepId: 'send-cart-reminder',
    template: 'cart-reminder-push',
    devices,
    subject: 'Still thinking it over?',
    body: 'Lin, the items in your cart are still waiting.',
    at: Date.parse('2027-06-11T03:00:00Z'),
    ...fields,
  };
}

const reference = {
  idempotencyKey: 'run-1/send-cart-reminder/c-1',
  journeyId: 'cart-nudge',
  runId: 'run-1',
  stepId: 'send-cart-reminder',
};
const backoff = { attempts: 3, baseDelayMs: 100, maxDelayMs: 150 };

function adapter() {
  const waits: number[] = [];
  const warnings: unknown[] = [];
  const created = new SnsPushAdapter(new SNSClient({ region: 'us-east-1' }), {
    backoff,
    wait: async (ms) => {
      waits.push(ms);
    },
    logger: { warn: (message, attributes) => warnings.push({ message, ...attributes }) },
  });
  return { adapter: created, waits, warnings };
}

const publishedInputs = () => sns.commandCalls(PublishCommand).map((call) => call.args[0].input);

describe('the SNS push adapter', () => {
  test('publishes to each device endpoint with its platform payload, the idempotency key in the data', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    const { adapter: pushAdapter } = adapter();
    const message = push('c-1', [iphone, sandboxIphone, android]);

    // Act
    const outcomes = await pushAdapter.deliver([message]);

    // Assess
    const alert = {
      title: 'Still thinking it over?',
      body: 'Lin, the items in your cart are still waiting.',
    };
    const apns = JSON.stringify({ aps: { alert }, ...reference });
    expect(publishedInputs()).toEqual([
      {
        TargetArn: iphone.endpointArn,
        MessageStructure: 'json',
        Message: JSON.stringify({ default: message.body, APNS: apns }),
      },
      {
        TargetArn: sandboxIphone.endpointArn,
        MessageStructure: 'json',
        Message: JSON.stringify({ default: message.body, APNS_SANDBOX: apns }),
      },
      {
        TargetArn: android.endpointArn,
        MessageStructure: 'json',
        Message: JSON.stringify({
          default: message.body,
          GCM: JSON.stringify({ fcmV1Message: { message: { notification: alert, data: reference } } }),
        }),
      },
    ]);
    expect(outcomes).toEqual([
      { idempotencyKey: message.idempotencyKey, status: 'accepted', providerMessageId: 'sns-1' },
    ]);
  });

  test('a message without a subject is a notification with a body alone', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'sns-2' });
    const { adapter: pushAdapter } = adapter();

    // Act
    await pushAdapter.deliver([push('c-1', [android], { subject: undefined })]);

    // Assess
    const [input] = publishedInputs();
    const gcm = JSON.parse(JSON.parse(input?.Message ?? '{}').GCM);
    expect(gcm.fcmV1Message.message.notification).toEqual({
      body: 'Lin, the items in your cart are still waiting.',
    });
  });

  test.each(cases)('a Publish answered $error ($message) is $answer', async ({ error, message, answer }) => {
    // Prepare
    sns.on(PublishCommand).rejects(snsError(error, message));
    const { adapter: pushAdapter } = adapter();
    const only = push('c-1', [android]);

    // Act
    const delivered = pushAdapter.deliver([only]);

    // Assess
    if (answer === 'gone' || answer === 'rejected') {
      expect(await delivered).toEqual([
        {
          idempotencyKey: only.idempotencyKey,
          status: 'rejected',
          reason: error,
          ...(answer === 'gone' ? { goneDevices: [android.token] } : {}),
        },
      ]);
      expect(publishedInputs()).toHaveLength(1);
    } else {
      await expect(delivered).rejects.toMatchObject({ name: error });
      expect(publishedInputs()).toHaveLength(answer === 'retried' ? backoff.attempts : 1);
    }
  });

  test('a throttled publish that gets through on a later try is accepted, after waits within the backoff', async () => {
    // Prepare
    sns
      .on(PublishCommand)
      .rejectsOnce(snsError('ThrottledException'))
      .rejectsOnce(snsError('ThrottledException'))
      .resolves({ MessageId: 'sns-3' });
    const { adapter: pushAdapter, waits } = adapter();

    // Act
    const outcomes = await pushAdapter.deliver([push('c-1', [android])]);

    // Assess
    expect(outcomes).toMatchObject([{ status: 'accepted', providerMessageId: 'sns-3' }]);
    expect(publishedInputs()).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits.every((ms, retry) => ms >= 0 && ms < Math.min(150, 100 * 2 ** retry))).toBe(true);
  });

  test('a disabled endpoint among working ones: accepted, with that device reported gone and logged without its token', async () => {
    // Prepare
    sns
      .on(PublishCommand, { TargetArn: android.endpointArn })
      .rejects(snsError('EndpointDisabledException', 'Endpoint is disabled'))
      .on(PublishCommand, { TargetArn: iphone.endpointArn })
      .resolves({ MessageId: 'sns-4' });
    const { adapter: pushAdapter, warnings } = adapter();
    const message = push('c-1', [android, iphone]);

    // Act
    const outcomes = await pushAdapter.deliver([message]);

    // Assess
    expect(outcomes).toEqual([
      {
        idempotencyKey: message.idempotencyKey,
        status: 'accepted',
        providerMessageId: 'sns-4',
        goneDevices: [android.token],
      },
    ]);
    expect(warnings).toEqual([
      { message: 'push devices gone', devices: 1, journeyId: 'cart-nudge', stepId: 'send-cart-reminder' },
    ]);
    expect(JSON.stringify(warnings)).not.toContain(android.token);
  });

  test('rejects, without calling SNS, a push with no device, no endpoint, or a payload over 4 KB', async () => {
    // Prepare
    const { adapter: pushAdapter } = adapter();
    const messages = [
      push('c-none', []),
      push('c-unregistered', [device('fcm', undefined, 'fcm-token-local')]),
      push('c-long', [android], { body: 'x'.repeat(5000) }),
    ];

    // Act
    const outcomes = await pushAdapter.deliver(messages);

    // Assess
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason)).toEqual([
      'the message has no device',
      'no device has a push endpoint',
      'the GCM payload is over 4096 bytes',
    ]);
    expect(publishedInputs()).toEqual([]);
  });

  test('a batch delivered again in the same container publishes nothing twice and answers the same', async () => {
    // Prepare
    sns
      .on(PublishCommand, { TargetArn: android.endpointArn })
      .rejects(snsError('EndpointDisabledException'))
      .on(PublishCommand, { TargetArn: iphone.endpointArn })
      .resolves({ MessageId: 'sns-5' });
    const { adapter: pushAdapter } = adapter();
    const message = push('c-1', [iphone, android]);

    // Act
    const first = await pushAdapter.deliver([message]);
    const again = await pushAdapter.deliver([message]);

    // Assess
    expect(again).toEqual(first);
    expect(publishedInputs()).toHaveLength(2);
  });
});
