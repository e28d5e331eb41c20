import { afterEach, describe, expect, test, vi } from 'vitest';
import { LocalEngine, type LocalEngineOptions } from '../../engine/engine.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { WebhookPayload } from '../../functions/commons/channels/webhook/payload.ts';
import { fixedWebhookSecret } from '../../functions/commons/channels/webhook/secret.ts';
import { verifyWebhookSignature } from '../../functions/commons/channels/webhook/signature.ts';
import { WebhookAdapter } from '../../functions/commons/channels/webhook/webhook-adapter.ts';
import type { CustomerProfile } from '../../workflows/contracts/customer.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import {
  crashAfterWork,
  event,
  funnelTotal,
  playUntil,
  postAndTick,
  profile,
} from '../support/engine/engine-harness.ts';
import { freshPerDelivery } from '../support/engine/fresh-adapters.ts';
import {
  type Answer,
  type ReceivedCall,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/webhook-receiver.ts';
import {
  FOLLOW_UP_JOURNEY,
  WELCOME_JOURNEY,
  WELCOME_STEP,
  writeWebhookWorkspace,
} from '../support/webhook-workspace.ts';

// The acceptance of webhooks on the embedded engine: a journey's webhook step POSTs to a real
// receiver on 127.0.0.1, which checks the signature with the exported verify function.
const SECRET = 'whsec_engine_test_secret_0123456789abcdef';
const START = '2027-06-11T02:00:00Z'; // 10:00 in Shanghai, 22:00 the evening before in New York
const SHANGHAI = 'Asia/Shanghai';

let running: { engine?: LocalEngine; receiver?: WebhookReceiver } = {};
afterEach(async () => {
  await running.engine?.stop();
  await running.receiver?.close();
  running = {};
});

interface Setup {
  readonly journeys?: readonly string[];
  readonly answer?: Answer;
  readonly environment?: Record<string, string>;
  readonly wrapTask?: LocalEngineOptions['wrapTask'];
  /** The template's URL over https, as AWS requires (the receiver itself answers plain http). */
  readonly https?: boolean;
  /** A new adapter per delivery, as a retried Lambda in a new container has. @default the engine's one */
  readonly freshAdapters?: boolean;
}

/** A receiver, a workspace whose webhook templates call it (and allow it), and an engine on that workspace. */
async function webhookEngine(setup: Setup = {}) {
  const receiver = await startWebhookReceiver(SECRET, setup.answer);
  running.receiver = receiver;
  const url = receiver.url('/hooks/welcome').replace(/^http:/, setup.https ? 'https:' : 'http:');
  const root = writeWebhookWorkspace({ url });
  const delivered: OutgoingMessage[] = [];
  const engine = await LocalEngine.start({
    catalog: await catalogFromWorkspace(root, setup.journeys ?? [WELCOME_JOURNEY]),
    startAt: Date.parse(START),
    environment: { WEBHOOK_SECRET: SECRET, ...setup.environment },
    onDeliver: (messages) => delivered.push(...messages),
    ...(setup.wrapTask ? { wrapTask: setup.wrapTask } : {}),
    ...(setup.freshAdapters
      ? {
          channels: {
            webhook: freshPerDelivery(
              () => new WebhookAdapter({ secret: fixedWebhookSecret(SECRET), allowPrivateTargets: true }),
            ),
          },
        }
      : {}),
  });
  running.engine = engine;
  return { engine, receiver, delivered };
}

const customer = (id: string, fields: Partial<CustomerProfile> = {}) =>
  profile(id, { timezone: SHANGHAI, consent: { webhook: true }, ...fields });

const signUp = (engine: LocalEngine, ids: readonly string[]) =>
  postAndTick(
    engine,
    ids.map((id) => event(engine, `signup-${id}`, id, 'signup')),
  );

const payloadOf = (call: Pick<ReceivedCall, 'body'>) => WebhookPayload.parse(JSON.parse(call.body));
const callsFor = (receiver: WebhookReceiver, customerId: string) =>
  receiver.calls.filter((call) => payloadOf(call).customerId === customerId);

describe('webhooks on the embedded engine', () => {
  test('a webhook step reaches the receiver signed, honouring consent, unsubscribe and quiet hours; 500 is retried, 400 is not', async () => {
    // Prepare: eve's receiver fails once with a 500; it refuses fay's call with a 400.
    const answer: Answer = (call) => {
      const { customerId } = payloadOf(call);
      if (customerId === 'fay') return 400;
      return customerId === 'eve' && callsFor(receiver, 'eve').length === 0 ? 500 : 200;
    };
    const { engine, receiver } = await webhookEngine({ answer });
    await engine.deps.stores.customers.putMany([
      customer('eve'),
      customer('ana', { attributes: { first_name: 'Ana' } }),
      customer('bo', { consent: { email: true } }),
      customer('cy', { unsubscribed: true }),
      customer('dee', { timezone: 'America/New_York' }),
      customer('fay'),
    ]);

    // Act: they sign up at 10:00 Shanghai time, 22:00 in New York.
    await signUp(engine, ['eve', 'ana', 'bo', 'cy', 'dee', 'fay']);
    const beforeMorning = receiver.calls.length;
    await playUntil(engine, '2027-06-11T13:00:00Z');

    // Assess: every call carried a signature the receiver verified, and the payload of its step.
    expect(receiver.calls.every((call) => call.verification.valid)).toBe(true);
    const [anaCall] = callsFor(receiver, 'ana');
    expect(payloadOf(anaCall as ReceivedCall)).toMatchObject({
      customerId: 'ana',
      journeyId: WELCOME_JOURNEY,
      stepId: WELCOME_STEP,
      template: 'welcome-webhook',
      offer: 'flash-sale-pass',
      body: 'Welcome Ana: Flash Sale Pass (¥40 off orders over ¥249)',
    });
    expect(anaCall?.path).toBe('/hooks/welcome');
    expect(anaCall?.headers['idempotency-key']).toBe(payloadOf(anaCall as ReceivedCall).idempotencyKey);
    // A body changed on the way no longer matches its signature.
    const tampered = anaCall?.body.replace('Welcome Ana', 'Welcome Mallory') ?? '';
    expect(
      verifyWebhookSignature({
        body: tampered,
        header: anaCall?.headers['journeys-signature'] as string,
        secret: SECRET,
      }),
    ).toEqual({ valid: false, reason: 'no signature matches the body' });
    // 500 then success: two calls under one key, accepted once. 400: one call, rejected.
    expect(callsFor(receiver, 'eve').map((call) => call.answered)).toEqual([500, 200]);
    expect(new Set(callsFor(receiver, 'eve').map((call) => call.headers['idempotency-key'])).size).toBe(1);
    expect(callsFor(receiver, 'fay').map((call) => call.answered)).toEqual([400]);
    // No consent, or unsubscribed: no call. New York's quiet hours: the call waits for 08:00 there.
    expect([callsFor(receiver, 'bo'), callsFor(receiver, 'cy')]).toEqual([[], []]);
    expect(beforeMorning).toBe(4);
    const [deeCall] = callsFor(receiver, 'dee');
    expect(Date.parse(payloadOf(deeCall as ReceivedCall).sentAt)).toBeGreaterThanOrEqual(
      Date.parse('2027-06-11T12:00:00Z'),
    );
    expect(
      receiver
        .acceptedCalls()
        .map((call) => payloadOf(call).customerId)
        .sort(),
    ).toEqual(['ana', 'dee', 'eve']);
    // Sent, and delivered by the receiver's 2xx: ana, eve and (in her morning) dee; fay's refused
    // call is rejected, not sent.
    const total = (metric: Parameters<typeof funnelTotal>[2]) =>
      funnelTotal(engine, WELCOME_JOURNEY, metric, { stepId: WELCOME_STEP });
    expect({
      sent: await total('sent'),
      delivered: await total('delivered'),
      rejected: await total('rejected'),
      skippedConsent: await total('skippedConsent'),
      skippedUnsubscribed: await total('skippedUnsubscribed'),
      deferredQuietHours: await total('deferredQuietHours'),
    }).toEqual({
      sent: 3,
      delivered: 3,
      rejected: 1,
      skippedConsent: 1,
      skippedUnsubscribed: 1,
      deferredQuietHours: 1,
    });
  });

  test('a send that crashes after delivering is retried in a new container, and the receiver gets each message once', async () => {
    // Prepare: the first Send invocation does all its work, then fails as if the Lambda crashed.
    const fault = crashAfterWork('Send');
    const { engine, receiver, delivered } = await webhookEngine({
      wrapTask: fault.wrapTask,
      freshAdapters: true,
    });
    await engine.deps.stores.customers.putMany(['c-1', 'c-2', 'c-3'].map((id) => customer(id)));

    // Act
    await signUp(engine, ['c-1', 'c-2', 'c-3']);
    await playUntil(engine, '2027-06-11T03:00:00Z');

    // Assess: the shard ran twice and redelivered under the same keys, which the adapter had sent.
    expect(fault.attempts).toHaveLength(2);
    expect(delivered).toHaveLength(6);
    expect(receiver.calls).toHaveLength(3);
    expect(new Set(receiver.calls.map((call) => call.headers['idempotency-key'])).size).toBe(3);
    expect(await funnelTotal(engine, WELCOME_JOURNEY, 'sent', { stepId: WELCOME_STEP })).toBe(3);
    expect(await funnelTotal(engine, WELCOME_JOURNEY, 'redelivered', { stepId: WELCOME_STEP })).toBe(3);
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED']);
  });

  test('the frequency cap counts webhooks across journeys: a second journey the same day is capped', async () => {
    // Prepare: one message a day, and two journeys that each call the receiver at signup.
    const { engine, receiver } = await webhookEngine({
      journeys: [WELCOME_JOURNEY, FOLLOW_UP_JOURNEY],
      environment: { FREQUENCY_CAP_PER_DAY: '1' },
    });
    await engine.deps.stores.customers.putMany(['g-1', 'g-2'].map((id) => customer(id)));

    // Act
    await signUp(engine, ['g-1', 'g-2']);
    await playUntil(engine, '2027-06-11T03:00:00Z');

    // Assess
    expect(callsFor(receiver, 'g-1')).toHaveLength(1);
    expect(callsFor(receiver, 'g-2')).toHaveLength(1);
    const both = async (metric: 'sent' | 'capped') =>
      (await funnelTotal(engine, WELCOME_JOURNEY, metric)) +
      (await funnelTotal(engine, FOLLOW_UP_JOURNEY, metric));
    expect([await both('sent'), await both('capped')]).toEqual([2, 2]);
  });

  test('in the AWS configuration an https target that resolves to 127.0.0.1 is refused for its address, and recorded as rejected', async () => {
    // Prepare: private targets refused, as in Lambda; the template's https URL is on 127.0.0.1.
    const { engine, receiver } = await webhookEngine({
      https: true,
      environment: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' },
    });
    await engine.deps.stores.customers.putMany([customer('h-1')]);
    const deliver = vi.spyOn(engine.depsOf(WELCOME_JOURNEY).channels, 'deliver');

    // Act
    await signUp(engine, ['h-1']);
    await playUntil(engine, '2027-06-11T03:00:00Z');

    // Assess: refused for the address, not for the scheme, before any connection.
    const outcomes = (await Promise.all(deliver.mock.results.map((result) => result.value))).flat();
    expect(outcomes).toEqual([
      {
        idempotencyKey: expect.stringContaining('/h-1'),
        status: 'rejected',
        reason: 'target refused: 127.0.0.1 resolves to 127.0.0.1, which is not a public address',
      },
    ]);
    expect(receiver.calls).toEqual([]);
    expect(await funnelTotal(engine, WELCOME_JOURNEY, 'rejected', { stepId: WELCOME_STEP })).toBe(1);
    expect(await funnelTotal(engine, WELCOME_JOURNEY, 'sent', { stepId: WELCOME_STEP })).toBe(0);
  });
});
