import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  PinpointSMSVoiceV2Client,
  ResourceNotFoundException,
  SendTextMessageCommand,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import type { OutgoingMessage } from '../../../../../functions/commons/channels/channel-adapter.ts';
import { OPTED_OUT, SmsAdapter } from '../../../../../functions/commons/channels/sms/sms-adapter.ts';
import { smsSenderOf } from '../../../../../functions/commons/channels/sms/sms-request.ts';
import { parseConfig } from '../../../../../functions/commons/runtime/config.ts';

// End User Messaging SMS has no local emulator: its answers are mocked at the SDK edge.
const sms = mockClient(PinpointSMSVoiceV2Client);
afterEach(() => sms.reset());

const POOL = 'arn:aws:sms-voice:us-east-1:111122223333:pool/pool-0123456789abcdef0123456789abcdef';

const message = (customerId: string, fields: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  idempotencyKey: `run-1/send-gift/${customerId}`,
  channel: 'sms',
  customerId,
  journeyId: 'first-purchase-gift',
  runId: 'run-1',
  stepId: 'send-gift',
  template: 'first-purchase-gift-reminder-sms',
  to: '+15555550123',
  body: 'Ana, your gift expires in 3 days. Reply TD to unsubscribe.',
  segments: 1,
  at: 0,
  ...fields,
});

const backoff = { attempts: 3, baseDelayMs: 100, maxDelayMs: 150 };
const metadata = { $metadata: {} };

function adapter(options: { configurationSet?: string; warnings?: unknown[] } = {}) {
  const waits: number[] = [];
  const created = new SmsAdapter(new PinpointSMSVoiceV2Client({ region: 'us-east-1' }), {
    originationIdentity: POOL,
    messageType: 'PROMOTIONAL',
    ...(options.configurationSet ? { configurationSet: options.configurationSet } : {}),
    backoff,
    wait: async (ms) => {
      waits.push(ms);
    },
    logger: { warn: (text, attributes) => options.warnings?.push({ message: text, ...attributes }) },
  });
  return { adapter: created, waits };
}

const inputs = () => sms.commandCalls(SendTextMessageCommand).map((call) => call.args[0].input);

describe('the SMS adapter, at the End User Messaging SMS edge', () => {
  test('sends one SendTextMessage per message, with the configuration set, the origination identity, the message type and the idempotency key in its context', async () => {
    // Prepare
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'b2f5a2c3-0000-4000-8000-000000000001' });
    const { adapter: smsAdapter } = adapter({ configurationSet: 'journeys-sms' });

    // Act
    const outcomes = await smsAdapter.deliver([message('c-1')]);

    // Assess
    expect(inputs()).toEqual([
      {
        DestinationPhoneNumber: '+15555550123',
        OriginationIdentity: POOL,
        MessageBody: 'Ana, your gift expires in 3 days. Reply TD to unsubscribe.',
        MessageType: 'PROMOTIONAL',
        ConfigurationSetName: 'journeys-sms',
        Context: {
          idempotencyKey: 'run-1/send-gift/c-1',
          journeyId: 'first-purchase-gift',
          runId: 'run-1',
          stepId: 'send-gift',
        },
      },
    ]);
    expect(outcomes).toEqual([
      {
        idempotencyKey: 'run-1/send-gift/c-1',
        status: 'accepted',
        providerMessageId: 'b2f5a2c3-0000-4000-8000-000000000001',
      },
    ]);
  });

  test('takes its sender from the configuration: transactional when said, without a configuration set when none is named', async () => {
    // Prepare
    const config = parseConfig({
      CUSTOMERS_TABLE: 'customers',
      EVENTS_TABLE: 'events',
      STATE_TABLE: 'state',
      SMS_ORIGINATION_IDENTITY: '+15555550199',
      SMS_MESSAGE_TYPE: 'TRANSACTIONAL',
    });
    const sender = smsSenderOf(config);
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'm-1' });

    // Act
    if (!sender) throw new Error('no sender');
    await new SmsAdapter(new PinpointSMSVoiceV2Client({ region: 'us-east-1' }), sender).deliver([
      message('c-1'),
    ]);

    // Assess
    expect(sender).toEqual({ originationIdentity: '+15555550199', messageType: 'TRANSACTIONAL' });
    expect(inputs()[0]).not.toHaveProperty('ConfigurationSetName');
    expect(inputs()[0]?.MessageType).toBe('TRANSACTIONAL');
    expect(smsSenderOf({ ...config, SMS_ORIGINATION_IDENTITY: undefined })).toBeUndefined();
    expect(
      parseConfig({ CUSTOMERS_TABLE: 'customers', EVENTS_TABLE: 'events', STATE_TABLE: 'state' })
        .SMS_MESSAGE_TYPE,
    ).toBe('PROMOTIONAL');
  });

  test('a throttled message is sent again, the same request each time, after waits within the backoff', async () => {
    // Prepare
    sms
      .on(SendTextMessageCommand)
      .rejectsOnce(new ThrottlingException({ ...metadata, message: 'Rate exceeded' }))
      .rejectsOnce(new ThrottlingException({ ...metadata, message: 'Rate exceeded' }))
      .resolves({ MessageId: 'm-1' });
    const { adapter: smsAdapter, waits } = adapter();

    // Act
    const outcomes = await smsAdapter.deliver([message('c-1')]);

    // Assess
    expect(outcomes).toEqual([
      { idempotencyKey: 'run-1/send-gift/c-1', status: 'accepted', providerMessageId: 'm-1' },
    ]);
    expect(inputs()).toHaveLength(3);
    expect(new Set(inputs().map((input) => JSON.stringify(input))).size).toBe(1);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThan(backoff.baseDelayMs);
    expect(waits[1]).toBeLessThan(backoff.maxDelayMs);
  });

  test('when throttling outlasts the tries, the batch throws for the shard to be retried', async () => {
    // Prepare
    sms
      .on(SendTextMessageCommand)
      .rejects(new ThrottlingException({ ...metadata, message: 'Rate exceeded' }));
    const { adapter: smsAdapter } = adapter();

    // Act / Assess
    await expect(smsAdapter.deliver([message('c-1')])).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(inputs()).toHaveLength(backoff.attempts);
  });

  test('an opted-out number is a rejected outcome that says so, sent once and logged without the number', async () => {
    // Prepare
    sms.on(SendTextMessageCommand).rejects(
      new ConflictException({
        ...metadata,
        message: 'The destination phone number is opted out',
        Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
        ResourceType: 'opt-out-list',
        ResourceId: 'Default',
      }),
    );
    const warnings: unknown[] = [];
    const { adapter: smsAdapter } = adapter({ warnings });

    // Act
    const outcomes = await smsAdapter.deliver([message('c-1')]);

    // Assess
    expect(outcomes).toEqual([
      { idempotencyKey: 'run-1/send-gift/c-1', status: 'rejected', reason: OPTED_OUT, optedOut: true },
    ]);
    expect(inputs()).toHaveLength(1);
    expect(warnings).toEqual([
      { message: 'sms rejected', reason: OPTED_OUT, journeyId: 'first-purchase-gift', stepId: 'send-gift' },
    ]);
    expect(JSON.stringify(warnings)).not.toContain('+1555');
  });

  test.each([
    {
      error: new ConflictException({
        ...metadata,
        message: 'x',
        Reason: 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED',
      }),
      reason: 'ConflictException: DESTINATION_PHONE_NUMBER_NOT_VERIFIED',
    },
    {
      error: new ValidationException({ ...metadata, message: 'x', Reason: 'INVALID_PARAMETER' }),
      reason: 'ValidationException: INVALID_PARAMETER',
    },
    {
      error: new ResourceNotFoundException({ ...metadata, message: 'x' }),
      reason: 'ResourceNotFoundException',
    },
    {
      error: new ServiceQuotaExceededException({
        ...metadata,
        message: 'x',
        Reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT',
      }),
      reason: 'ServiceQuotaExceededException: MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT',
    },
  ])('$reason is a permanent rejection, not an opt-out, sent once', async ({ error, reason }) => {
    // Prepare
    sms.on(SendTextMessageCommand).rejects(error);
    const { adapter: smsAdapter } = adapter();

    // Act
    const outcomes = await smsAdapter.deliver([message('c-1')]);

    // Assess
    expect(outcomes).toEqual([{ idempotencyKey: 'run-1/send-gift/c-1', status: 'rejected', reason }]);
    expect(inputs()).toHaveLength(1);
  });

  test.each([
    new AccessDeniedException({ ...metadata, message: 'x', Reason: 'ACCOUNT_DISABLED' }),
    new InternalServerException({ ...metadata, message: 'x' }),
  ])('$name fails the batch, for a retry', async (error) => {
    // Prepare
    sms.on(SendTextMessageCommand).rejects(error);
    const { adapter: smsAdapter } = adapter();

    // Act / Assess
    await expect(smsAdapter.deliver([message('c-1')])).rejects.toMatchObject({ name: error.name });
  });

  test('a batch delivered again by the same container sends nothing twice', async () => {
    // Prepare
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'm-1' });
    const { adapter: smsAdapter } = adapter();
    await smsAdapter.deliver([message('c-1')]);

    // Act
    const again = await smsAdapter.deliver([message('c-1'), message('c-2')]);

    // Assess
    expect(again.map((outcome) => outcome.status)).toEqual(['accepted', 'accepted']);
    expect(inputs().map((input) => input.Context?.idempotencyKey)).toEqual([
      'run-1/send-gift/c-1',
      'run-1/send-gift/c-2',
    ]);
  });

  test('a message without a number, or longer than the service sends, is rejected without a call', async () => {
    // Prepare
    const { adapter: smsAdapter } = adapter();
    const { to: _to, ...unaddressed } = message('c-1');

    // Act
    const outcomes = await smsAdapter.deliver([unaddressed, message('c-2', { body: '中'.repeat(1601) })]);

    // Assess
    expect(outcomes).toEqual([
      {
        idempotencyKey: 'run-1/send-gift/c-1',
        status: 'rejected',
        reason: 'the message has no phone number',
      },
      {
        idempotencyKey: 'run-1/send-gift/c-2',
        status: 'rejected',
        reason: 'the SMS body has 1601 characters; End User Messaging SMS sends at most 1600',
      },
    ]);
    expect(inputs()).toEqual([]);
  });
});
