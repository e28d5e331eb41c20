import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { OutgoingMessage } from '../../../../functions/commons/channels/channel-adapter.ts';
import type { DocumentClient } from '../../../../functions/commons/dynamo/document-client.ts';
import { parseConfig } from '../../../../functions/commons/runtime/config.ts';
import { lambdaChannels } from '../../../../functions/commons/runtime/lambda-channels.ts';
import { createLogger } from '../../../../functions/commons/runtime/observability.ts';

// End User Messaging SMS has no local runner: its edge is mocked; the outbox's writes are caught.
const sms = mockClient(PinpointSMSVoiceV2Client);
const ENVIRONMENT = {
  CUSTOMERS_TABLE: 'customers',
  EVENTS_TABLE: 'events',
  STATE_TABLE: 'state',
  OUTBOX_TABLE: 'outbox',
};

beforeAll(() => {
  process.env.AWS_REGION ??= 'ap-east-1';
});
afterEach(() => sms.reset());

const message: OutgoingMessage = {
  idempotencyKey: 'run-1/send-welcome/c-1',
  channel: 'sms',
  customerId: 'c-1',
  journeyId: 'sms-series',
  runId: 'run-1',
  stepId: 'send-welcome',
  template: 'sms-welcome',
  to: '+14255550101',
  body: 'Welcome!',
  at: 0,
};

/** The channels of a Lambda with this environment, and the items its outbox wrote. */
function channelsOf(environment: Record<string, string>) {
  const outboxed: unknown[] = [];
  const client = {
    batchWrite: async (input: { RequestItems: Record<string, unknown[]> }) => {
      outboxed.push(...Object.values(input.RequestItems).flat());
      return {};
    },
  } as unknown as DocumentClient;
  return {
    channels: lambdaChannels(parseConfig(environment), client, createLogger({ silent: true })),
    outboxed,
  };
}

describe('the SMS channel of a Lambda', () => {
  test('with SMS_ORIGINATION_IDENTITY, SMS goes through End User Messaging SMS with the stage configuration set', async () => {
    // Prepare
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'm-1' });
    const { channels, outboxed } = channelsOf({
      ...ENVIRONMENT,
      SMS_ORIGINATION_IDENTITY: 'pool-0123456789abcdef0123456789abcdef',
      SMS_CONFIGURATION_SET: 'journeys-sms',
    });

    // Act
    const outcomes = await channels.deliver([message]);

    // Assess
    expect(outcomes).toEqual([
      { idempotencyKey: message.idempotencyKey, status: 'accepted', providerMessageId: 'm-1' },
    ]);
    expect(sms.commandCalls(SendTextMessageCommand).map((call) => call.args[0].input)).toMatchObject([
      {
        OriginationIdentity: 'pool-0123456789abcdef0123456789abcdef',
        ConfigurationSetName: 'journeys-sms',
        MessageType: 'PROMOTIONAL',
      },
    ]);
    expect(outboxed).toEqual([]);
  });

  test('without it, SMS goes to the outbox and nothing is sent', async () => {
    // Prepare
    const { channels, outboxed } = channelsOf(ENVIRONMENT);

    // Act
    const outcomes = await channels.deliver([message]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['accepted']);
    expect(outboxed).toHaveLength(1);
    expect(sms.commandCalls(SendTextMessageCommand)).toEqual([]);
  });

  test('the SMS settings are checked as the stage is configured', () => {
    expect(() => parseConfig({ ...ENVIRONMENT, SMS_ORIGINATION_IDENTITY: 'pool 1' })).toThrow(
      'SMS_ORIGINATION_IDENTITY: expected a phone number, pool or sender ID',
    );
    expect(() => parseConfig({ ...ENVIRONMENT, SMS_MESSAGE_TYPE: 'MARKETING' })).toThrow(
      'SMS_MESSAGE_TYPE: expected "TRANSACTIONAL" or "PROMOTIONAL"',
    );
  });
});
