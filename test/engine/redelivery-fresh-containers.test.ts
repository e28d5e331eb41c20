import {
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  type SendTextMessageCommandInput,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { LocalEngine, type LocalEngineOptions } from '../../engine/engine.ts';
import { type LocalSes, localSesClient, startLocalSes } from '../../engine/local-ses.ts';
import { PAYERS } from '../../engine/metering/payers.ts';
import { LAMBDA_CONTEXT } from '../../engine/task-handlers.ts';
import { SnsDeviceRegistrar } from '../../functions/commons/channels/push/device-registrar.ts';
import { SnsPushAdapter } from '../../functions/commons/channels/push/sns-push.ts';
import { SesEmailAdapter } from '../../functions/commons/channels/ses-email.ts';
import { SmsAdapter } from '../../functions/commons/channels/sms/sms-adapter.ts';
import { fixedWebhookSecret } from '../../functions/commons/channels/webhook/secret.ts';
import { WebhookAdapter } from '../../functions/commons/channels/webhook/webhook-adapter.ts';
import { cohortWindowMs, windowReadyAt, windowStart } from '../../functions/commons/cohorts/cohort-window.ts';
import { createSmsFeedbackHandler } from '../../functions/sms-feedback/handler.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { receiptFor } from '../functions/sms-feedback/sms-notifications-support.ts';
import { event, funnelTotal, post, postAndTick, profile } from '../support/engine/engine-harness.ts';
import { freshPerDelivery } from '../support/engine/fresh-adapters.ts';
import { standInSns } from '../support/engine/sns-stand-in.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { WELCOME_JOURNEY, WELCOME_STEP, writeWebhookWorkspace } from '../support/webhook-workspace.ts';

// A send shard whose container dies after the provider took its messages is retried in a new
// container, with a new adapter that remembers nothing: each message still reaches its provider once.
const START = '2027-06-11T02:00:00Z'; // 10:00 in Shanghai: nobody in quiet hours
const SECRET = 'whsec_fresh_container_secret_0123456789ab';

const sms = mockClient(PinpointSMSVoiceV2Client);
let running: { engine?: LocalEngine; receiver?: WebhookReceiver; ses?: LocalSes } = {};
afterEach(async () => {
  sms.reset();
  await running.engine?.stop();
  await running.receiver?.close();
  await running.ses?.stop();
  running = {};
});

async function engineOn(workspace: string, journey: string, options: Partial<LocalEngineOptions>) {
  const engine = await LocalEngine.start({
    catalog: await catalogFromWorkspace(workspace, [journey]),
    startAt: Date.parse(START),
    ...options,
  });
  running.engine = engine;
  return engine;
}

const signups = (engine: LocalEngine, properties: (id: string) => Record<string, unknown>, ids: string[]) =>
  postAndTick(
    engine,
    ids.map((id) =>
      event(engine, `signup-${id}`, id, 'signup', { timezone: 'Asia/Shanghai', ...properties(id) }),
    ),
  );
const timesEach = (keys: readonly unknown[]) => {
  const times = new Map<string, number>();
  for (const key of keys) times.set(String(key), (times.get(String(key)) ?? 0) + 1);
  return [...times.values()];
};

describe('a shard retried in a new container after the provider took its messages', () => {
  test('SMS: End User Messaging SMS sends each message once, and the funnel has no more delivered than sent', async () => {
    // Prepare
    const inputs: SendTextMessageCommandInput[] = [];
    sms.on(SendTextMessageCommand).callsFake(async (input: SendTextMessageCommandInput) => {
      inputs.push(input);
      return { MessageId: `sms-${inputs.length}` };
    });
    const adapter = freshPerDelivery(
      () =>
        new SmsAdapter(new PinpointSMSVoiceV2Client({ region: 'us-east-1' }), {
          originationIdentity: 'pool-0123456789abcdef0123456789abcdef',
          configurationSet: 'journeys-sms',
          messageType: 'PROMOTIONAL',
        }),
      { dieAfterFirst: true },
    );
    const engine = await engineOn('test/fixtures/workspaces/sms', 'sms-series', {
      channels: { sms: adapter },
    });

    // Act: three sign-ups; then the carrier's receipt of every message the provider took.
    await signups(engine, (id) => ({ phone: `+1425555010${id.at(-1)}`, consent: { sms: true } }), [
      'a-1',
      'a-2',
      'a-3',
    ]);
    const feedback = createSmsFeedbackHandler(engine.depsOf(PAYERS.eventsApi));
    for (const [index, input] of inputs.entries()) {
      const [runId = '', stepId = '', customerId = ''] = (input.Context?.idempotencyKey ?? '').split('/');
      const sent = { journeyId: 'sms-series', runId, stepId, customerId, messageId: `sms-${index + 1}` };
      await feedback(receiptFor('text-delivered', sent, engine.clock.now()) as never, LAMBDA_CONTEXT);
    }

    // Assess
    expect(adapter.deliveries()).toBe(2);
    expect(timesEach(inputs.map((input) => input.Context?.idempotencyKey))).toEqual([1, 1, 1]);
    const total = (metric: Parameters<typeof funnelTotal>[2]) =>
      funnelTotal(engine, 'sms-series', metric, { stepId: 'send-welcome' });
    expect(await total('sent')).toBe(3);
    expect(await total('delivered')).toBeLessThanOrEqual(await total('sent'));
  });

  test('push: SNS gets one Publish per device of each message', async () => {
    // Prepare: two customers with two phones each, through the registrar over a stand-in for SNS.
    const sns = standInSns();
    const noWait = async () => {};
    const adapter = freshPerDelivery(() => new SnsPushAdapter(sns.client, { wait: noWait }), {
      dieAfterFirst: true,
    });
    const engine = await engineOn('test/fixtures/workspaces/push', 'push-twice', {
      channels: { push: adapter },
      devices: new SnsDeviceRegistrar(
        sns.client,
        { fcm: 'arn:aws:sns:us-east-1:111122223333:app/GCM/shop' },
        { wait: noWait },
      ),
    });
    const customers = ['p-1', 'p-2'];
    await post(
      engine,
      customers.flatMap((id) => [
        event(engine, `signup-${id}`, id, 'signup', { timezone: 'Asia/Shanghai', consent: { push: true } }),
        ...['a', 'b'].map((phone) =>
          event(engine, `device-${id}-${phone}`, id, 'device_registered', {
            platform: 'fcm',
            token: `fcm-token-${id}-${phone}`,
          }),
        ),
      ]),
    );

    // Act: the welcome goes out once the sign-up hour's cohort starts.
    const window = cohortWindowMs(engine.deps.catalog.journeys.get('push-twice') as never);
    await engine.advanceTo(windowReadyAt(windowStart(Date.parse(START), window), window));
    await engine.tick();
    await engine.clock.idle();

    // Assess
    expect(adapter.deliveries()).toBe(2);
    const welcomes = sns.published().filter((publish) => publish.stepId === 'send-welcome');
    expect(timesEach(welcomes.map((publish) => publish.targetArn))).toEqual([1, 1, 1, 1]);
    expect(await funnelTotal(engine, 'push-twice', 'sent', { stepId: 'send-welcome' })).toBe(2);
  });

  test('email: SES gets each email once', async () => {
    // Prepare: the real SES adapter against a local SES, recording every SendEmail.
    const ses = await startLocalSes();
    running.ses = ses;
    const inputs: SendEmailCommandInput[] = [];
    const client = localSesClient(ses.endpoint);
    client.middlewareStack.add(
      (next) => async (args) => {
        inputs.push(args.input as SendEmailCommandInput);
        return next(args);
      },
      { step: 'initialize', name: 'recordSendEmailInput' },
    );
    const adapter = freshPerDelivery(
      () => new SesEmailAdapter(client, { fromAddress: 'Shop <shop@example.com>' }),
      { dieAfterFirst: true },
    );
    const engine = await engineOn('workflows', 'first-purchase-gift', { channels: { email: adapter } });

    // Act
    await signups(engine, (id) => ({ email: `${id}@example.com`, consent: { email: true } }), ['e-1', 'e-2']);

    // Assess
    expect(adapter.deliveries()).toBe(2);
    expect(timesEach(inputs.map((input) => input.Destination?.ToAddresses?.[0]))).toEqual([1, 1]);
    expect(await funnelTotal(engine, 'first-purchase-gift', 'sent', { stepId: 'send-gift' })).toBe(2);
  });

  test('webhook: the receiver is called once per message', async () => {
    // Prepare
    const receiver = await startWebhookReceiver(SECRET);
    running.receiver = receiver;
    const root = writeWebhookWorkspace({ url: receiver.url('/hooks/welcome') });
    const adapter = freshPerDelivery(
      () => new WebhookAdapter({ secret: fixedWebhookSecret(SECRET), allowPrivateTargets: true }),
      { dieAfterFirst: true },
    );
    const engine = await engineOn(root, WELCOME_JOURNEY, { channels: { webhook: adapter } });
    await engine.deps.stores.customers.putMany(
      ['w-1', 'w-2', 'w-3'].map((id) =>
        profile(id, { timezone: 'Asia/Shanghai', consent: { webhook: true } }),
      ),
    );

    // Act
    await signups(engine, () => ({}), ['w-1', 'w-2', 'w-3']);

    // Assess
    expect(adapter.deliveries()).toBe(2);
    expect(timesEach(receiver.calls.map((call) => call.headers['idempotency-key']))).toEqual([1, 1, 1]);
    expect(await funnelTotal(engine, WELCOME_JOURNEY, 'sent', { stepId: WELCOME_STEP })).toBe(3);
  });
});
