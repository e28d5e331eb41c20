import {
  ConflictException,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  type SendTextMessageCommandInput,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { LocalEngine, type LocalEngineOptions } from '../../engine/engine.ts';
import { PAYERS } from '../../engine/metering/payers.ts';
import { LAMBDA_CONTEXT } from '../../engine/task-handlers.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { OPTED_OUT, SmsAdapter } from '../../functions/commons/channels/sms/sms-adapter.ts';
import { createSmsFeedbackHandler } from '../../functions/sms-feedback/handler.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { receiptFor, replyFrom } from '../functions/sms-feedback/sms-notifications-support.ts';
import {
  crashAfterWork,
  event,
  funnelTotal,
  playUntil,
  postAndTick,
} from '../support/engine/engine-harness.ts';
import { freshPerDelivery } from '../support/engine/fresh-adapters.ts';

/**
 * The SMS channel end to end on the embedded engine: sign-ups enter a journey of two SMS a day
 * apart, the real SMS adapter sends through End User Messaging SMS (mocked at the SDK edge, as
 * it has no local emulator), and its notifications come back through the sms-feedback handler.
 */

const WORKSPACE = 'test/fixtures/workspaces/sms';
const JOURNEY = 'sms-series';
/** 10:00 in Shanghai: no one there is in quiet hours. */
const START = '2027-06-11T02:00:00Z';
const POOL = 'pool-0123456789abcdef0123456789abcdef';

const sms = mockClient(PinpointSMSVoiceV2Client);
let running: LocalEngine | undefined;
afterEach(async () => {
  sms.reset();
  await running?.stop();
  running = undefined;
});

/** An engine whose SMS go through the SMS adapter; `optedOut` numbers are on the pool's opt-out list. */
async function start(
  options: { optedOut?: readonly string[] } & Pick<LocalEngineOptions, 'environment' | 'wrapTask'> = {},
) {
  let sent = 0;
  sms.on(SendTextMessageCommand).callsFake(async (input: SendTextMessageCommandInput) => {
    if (options.optedOut?.includes(input.DestinationPhoneNumber ?? ''))
      throw new ConflictException({ $metadata: {}, message: 'opted out', Reason: OPTED_OUT });
    sent += 1;
    return { MessageId: `sms-message-${sent}` };
  });
  const delivered: OutgoingMessage[] = [];
  // A new adapter per delivery, as each retried Lambda may run in a new container.
  const adapter = freshPerDelivery(
    () =>
      new SmsAdapter(new PinpointSMSVoiceV2Client({ region: 'us-east-1' }), {
        originationIdentity: POOL,
        configurationSet: 'journeys-sms',
        messageType: 'PROMOTIONAL',
      }),
  );
  const engine = await LocalEngine.start({
    catalog: await catalogFromWorkspace(WORKSPACE, [JOURNEY]),
    startAt: Date.parse(START),
    onDeliver: (messages) => delivered.push(...messages),
    channels: { sms: adapter },
    environment: options.environment,
    wrapTask: options.wrapTask,
  });
  running = engine;
  const feedback = createSmsFeedbackHandler(engine.depsOf(PAYERS.eventsApi));
  return {
    engine,
    delivered,
    notify: (notification: unknown) => feedback(notification as never, LAMBDA_CONTEXT),
  };
}

/** A sign-up through the events API: in Shanghai, with SMS consent and a number unless said otherwise. */
function signup(engine: LocalEngine, customerId: string, properties: Record<string, unknown> = {}): object {
  return event(engine, `signup-${customerId}`, customerId, 'signup', {
    timezone: 'Asia/Shanghai',
    consent: { sms: true },
    ...properties,
  });
}

/** The SendTextMessage requests, in order. */
const requests = () => sms.commandCalls(SendTextMessageCommand).map((call) => call.args[0].input);
const requestsTo = (phone: string) => requests().filter((input) => input.DestinationPhoneNumber === phone);
const stepTotal = (engine: LocalEngine, stepId: string, metric: Parameters<typeof funnelTotal>[2]) =>
  funnelTotal(engine, JOURNEY, metric, { stepId });

describe('SMS through End User Messaging SMS on the embedded engine', () => {
  test('a STOP reply unsubscribes the customer, the next SMS step skips them, and the funnel counts sent, delivered, failed and skipped', async () => {
    // Prepare: three customers reachable by SMS, one without consent, one without a number.
    const { engine, notify } = await start();
    await postAndTick(engine, [
      signup(engine, 'ana', { phone: '+14255550101' }),
      signup(engine, 'bo', { phone: '+14255550102' }),
      signup(engine, 'cy', { phone: '+14255550103' }),
      signup(engine, 'dee', { phone: '+14255550104', consent: { email: true } }),
      signup(engine, 'eli'),
    ]);
    const welcomes = requests();
    expect(welcomes.map((input) => input.DestinationPhoneNumber).sort()).toEqual([
      '+14255550101',
      '+14255550102',
      '+14255550103',
    ]);
    // The delivery events carry the context each message was sent with, as the configuration set publishes them.
    const receipt = (phone: string, fixture: 'text-delivered' | 'text-blocked') => {
      const index = welcomes.findIndex((input) => input.DestinationPhoneNumber === phone);
      const context = welcomes[index]?.Context ?? {};
      return receiptFor(
        fixture,
        {
          journeyId: context.journeyId ?? '',
          runId: context.runId ?? '',
          stepId: context.stepId ?? '',
          customerId: (context.idempotencyKey ?? '').split('/').at(-1) ?? '',
          messageId: `sms-message-${index + 1}`,
        },
        engine.clock.now(),
      );
    };

    // Act: Ana's welcome is delivered, Bo's blocked, Cy's delivered and Cy replies STOP.
    await notify(receipt('+14255550101', 'text-delivered'));
    await notify(receipt('+14255550102', 'text-blocked'));
    await notify(receipt('+14255550103', 'text-delivered'));
    const stop = await notify(
      replyFrom('inbound-stop', '+14255550103', 'inbound-cy-stop', engine.clock.now()),
    );
    await playUntil(engine, Date.parse(START) + 27 * 3_600_000);

    // Assess
    expect(stop.accepted).toBe(1);
    expect((await engine.deps.stores.customers.get('cy'))?.consent.sms).toBe(false);
    const reminders = requests().slice(welcomes.length);
    expect(reminders.map((input) => input.DestinationPhoneNumber).sort()).toEqual([
      '+14255550101',
      '+14255550102',
    ]);
    expect(requestsTo('+14255550103')).toHaveLength(1);
    const funnel = async (stepId: string) => ({
      sent: await stepTotal(engine, stepId, 'sent'),
      delivered: await stepTotal(engine, stepId, 'delivered'),
      failed: await stepTotal(engine, stepId, 'deliveryFailed'),
      skippedConsent: await stepTotal(engine, stepId, 'skippedConsent'),
      skippedNoAddress: await stepTotal(engine, stepId, 'skippedNoAddress'),
    });
    expect(await funnel('send-welcome')).toEqual({
      sent: 3,
      delivered: 2,
      failed: 1,
      skippedConsent: 1,
      skippedNoAddress: 1,
    });
    expect(await funnel('send-reminder')).toEqual({
      sent: 2,
      delivered: 0,
      failed: 0,
      skippedConsent: 2,
      skippedNoAddress: 1,
    });
  });

  test('an opted-out answer from SendTextMessage rejects the message and unsubscribes the customer, whom the next step skips without a call', async () => {
    // Prepare: Fay's number replied STOP to the pool before she signed up here.
    const { engine } = await start({ optedOut: ['+14255550106'] });

    // Act
    await postAndTick(engine, [
      signup(engine, 'fay', { phone: '+14255550106' }),
      signup(engine, 'gus', { phone: '+14255550107' }),
    ]);
    await playUntil(engine, Date.parse(START) + 27 * 3_600_000);

    // Assess
    expect(await stepTotal(engine, 'send-welcome', 'rejected')).toBe(1);
    expect(await stepTotal(engine, 'send-welcome', 'sent')).toBe(1);
    expect((await engine.deps.stores.customers.get('fay'))?.consent.sms).toBe(false);
    expect(requestsTo('+14255550106')).toHaveLength(1);
    expect(await stepTotal(engine, 'send-reminder', 'skippedConsent')).toBe(1);
    expect(requestsTo('+14255550107')).toHaveLength(2);
  });

  test('a TEXT_INVALID receipt suppresses the number, and the next SMS step skips the customer as suppressed without a call', async () => {
    // Prepare: Mo's number is not valid, which the carrier reports only after the send.
    const { engine, notify } = await start();
    await postAndTick(engine, [
      signup(engine, 'mo', { phone: '+14255550113' }),
      signup(engine, 'ned', { phone: '+14255550114' }),
    ]);
    const welcome = requestsTo('+14255550113')[0];
    const context = welcome?.Context ?? {};

    // Act
    const invalid = await notify(
      receiptFor(
        'text-invalid',
        {
          journeyId: context.journeyId ?? '',
          runId: context.runId ?? '',
          stepId: context.stepId ?? '',
          customerId: 'mo',
          messageId: 'sms-message-invalid-mo',
        },
        engine.clock.now(),
      ),
    );
    await playUntil(engine, Date.parse(START) + 27 * 3_600_000);

    // Assess
    expect(invalid.accepted).toBe(1);
    expect((await engine.deps.stores.customers.get('mo'))?.suppressed.sms).toMatchObject({
      reason: 'invalid_number',
    });
    expect(await stepTotal(engine, 'send-welcome', 'deliveryFailed')).toBe(1);
    expect(await stepTotal(engine, 'send-reminder', 'skippedSuppressed')).toBe(1);
    expect(requestsTo('+14255550113')).toHaveLength(1);
    expect(requestsTo('+14255550114')).toHaveLength(2);
  });

  test('a send shard that crashes after sending is retried in a new container, and each message reaches End User Messaging SMS once', async () => {
    // Prepare
    const fault = crashAfterWork('Send');
    const { engine, delivered } = await start({ wrapTask: fault.wrapTask });

    // Act
    await postAndTick(engine, [
      signup(engine, 'hal', { phone: '+14255550108' }),
      signup(engine, 'ivy', { phone: '+14255550109' }),
    ]);

    // Assess: the shard ran twice and handed its messages over twice, under the same keys.
    expect(fault.crashed()).toBe(true);
    expect(fault.attempts).toHaveLength(2);
    expect(delivered.filter((message) => message.stepId === 'send-welcome')).toHaveLength(4);
    expect(requestsTo('+14255550108')).toHaveLength(1);
    expect(requestsTo('+14255550109')).toHaveLength(1);
    expect(
      requests()
        .map((input) => input.Context?.idempotencyKey)
        .sort(),
    ).toEqual([...new Set(delivered.map((message) => message.idempotencyKey))].sort());
    expect(await stepTotal(engine, 'send-welcome', 'sent')).toBe(2);
  });

  test('quiet hours defer an SMS to the customer’s morning, and the cross-journey cap stops one', async () => {
    // Prepare: 22:00 in New York at the start; Kim already had her one message of the day from another journey.
    const { engine, delivered } = await start({ environment: { FREQUENCY_CAP_PER_DAY: '1' } });
    const now = engine.clock.now();
    await engine.deps.stores.ledger.claimSend('kim', 'other-journey-run/send-email/kim', now, 1);

    // Act
    await postAndTick(engine, [
      signup(engine, 'jo', { phone: '+14255550110', timezone: 'America/New_York' }),
      signup(engine, 'kim', { phone: '+14255550111' }),
      signup(engine, 'lu', { phone: '+14255550112' }),
    ]);
    const beforeMorning = requests().map((input) => input.DestinationPhoneNumber);
    await playUntil(engine, '2027-06-11T13:00:00Z');

    // Assess
    expect(beforeMorning).toEqual(['+14255550112']);
    expect(await stepTotal(engine, 'send-welcome', 'deferredQuietHours')).toBe(1);
    expect(await stepTotal(engine, 'send-welcome', 'capped')).toBe(1);
    expect(requestsTo('+14255550111')).toEqual([]);
    // 08:00 in New York, when her quiet hours end.
    const jo = delivered.filter((message) => message.customerId === 'jo');
    expect(jo.map((message) => new Date(message.at).toISOString())).toEqual(['2027-06-11T12:00:00.000Z']);
    expect(requestsTo('+14255550110')).toHaveLength(1);
  });
});
