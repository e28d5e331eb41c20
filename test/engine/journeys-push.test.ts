import { CreatePlatformEndpointCommand, DeleteEndpointCommand, PublishCommand } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, test } from 'vitest';
import { LocalEngine, type LocalEngineOptions } from '../../engine/engine.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { SnsDeviceRegistrar } from '../../functions/commons/channels/push/device-registrar.ts';
import { SnsPushAdapter } from '../../functions/commons/channels/push/sns-push.ts';
import { cohortWindowMs, windowReadyAt, windowStart } from '../../functions/commons/cohorts/cohort-window.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import {
  crashAfterWork,
  event,
  funnelTotal,
  HOUR_MS,
  playUntil,
  post,
  postAndTick,
} from '../support/engine/engine-harness.ts';
import { freshPerDelivery } from '../support/engine/fresh-adapters.ts';
import { standInSns } from '../support/engine/sns-stand-in.ts';

// Push on the embedded engine through the real SNS adapter and registrar, over a stand-in for SNS
// at the SDK edge (SNS mobile push has no local emulator).
const WORKSPACE = 'test/fixtures/workspaces/push';
const JOURNEY = 'push-twice';
/** 11:00 in London, 22:00 in Auckland (in its quiet hours). */
const START = '2027-06-11T10:00:00Z';
const APNS_APP = 'arn:aws:sns:us-east-1:111122223333:app/APNS/shop';
const FCM_APP = 'arn:aws:sns:us-east-1:111122223333:app/GCM/shop';

let running: LocalEngine | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** An engine on the push fixture with push through the SNS adapter, and device events through the registrar. */
async function pushEngine(options: Pick<LocalEngineOptions, 'wrapTask'> & { sns?: boolean } = {}) {
  const sns = standInSns();
  const noWait = async () => {};
  const delivered: OutgoingMessage[] = [];
  const engine = await LocalEngine.start({
    catalog: await catalogFromWorkspace(WORKSPACE, [JOURNEY]),
    startAt: Date.parse(START),
    onDeliver: (messages) => delivered.push(...messages),
    ...(options.sns === false
      ? {}
      : {
          // A new adapter per delivery, as each retried Lambda may run in a new container.
          channels: { push: freshPerDelivery(() => new SnsPushAdapter(sns.client, { wait: noWait })) },
          devices: new SnsDeviceRegistrar(sns.client, { apns: APNS_APP, fcm: FCM_APP }, { wait: noWait }),
        }),
    wrapTask: options.wrapTask,
  });
  running = engine;
  return { engine, sns, delivered };
}

const signup = (engine: LocalEngine, customerId: string, timezone = 'Europe/London', push = true) =>
  event(engine, `signup-${customerId}`, customerId, 'signup', { timezone, consent: { push } });
const registered = (engine: LocalEngine, customerId: string, platform: 'apns' | 'fcm') =>
  event(engine, `device-${customerId}-${platform}`, customerId, 'device_registered', {
    platform,
    token: `${platform}-token-${customerId}`,
  });
/** The tick after the sign-up hour's cohort window closes, which starts its cohort, and its sends. */
async function welcomeHour(engine: LocalEngine): Promise<void> {
  const window = cohortWindowMs(engine.deps.catalog.journeys.get(JOURNEY) as never);
  await engine.advanceTo(windowReadyAt(windowStart(Date.parse(START), window), window));
  await engine.tick();
  await engine.clock.idle();
}
const statuses = (results: readonly { status: string }[]) => results.map((result) => result.status);
const welcome = (metric: Parameters<typeof funnelTotal>[2], stepId = 'send-welcome') =>
  funnelTotal(running as LocalEngine, JOURNEY, metric, { stepId });

describe('push through SNS on the embedded engine', () => {
  test('device_registered and device_unregistered through POST /events keep the endpoints on the profile', async () => {
    // Prepare
    const { engine, sns } = await pushEngine();

    // Act: an iPhone and an Android phone register; the Android app starts again and registers again.
    const first = await post(engine, [
      signup(engine, 'lin'),
      registered(engine, 'lin', 'apns'),
      registered(engine, 'lin', 'fcm'),
    ]);
    const again = await post(engine, [
      { ...registered(engine, 'lin', 'fcm'), eventId: 'device-lin-fcm-relaunch' },
    ]);
    const stored = await engine.deps.stores.customers.get('lin');

    // Assess: one endpoint per device on its platform's application, owned by the customer.
    expect(statuses([...first, ...again])).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect(sns.inputs(CreatePlatformEndpointCommand)).toEqual([
      { PlatformApplicationArn: APNS_APP, Token: 'apns-token-lin', CustomUserData: 'lin' },
      { PlatformApplicationArn: FCM_APP, Token: 'fcm-token-lin', CustomUserData: 'lin' },
    ]);
    expect(stored?.devices.map(({ platform, endpointArn }) => ({ platform, endpointArn }))).toEqual([
      { platform: 'apns', endpointArn: sns.endpointOf('apns-token-lin') },
      { platform: 'fcm', endpointArn: sns.endpointOf('fcm-token-lin') },
    ]);

    // Act: the iPhone app unregisters, and the client sends the same event again.
    const iphone = sns.endpointOf('apns-token-lin');
    const unregister = event(engine, 'unregister-lin-apns', 'lin', 'device_unregistered', {
      token: 'apns-token-lin',
    });
    const removed = [...(await post(engine, [unregister])), ...(await post(engine, [unregister]))];

    // Assess: the device leaves the profile and its endpoint is deleted, once.
    expect(statuses(removed)).toEqual(['accepted', 'duplicate']);
    expect((await engine.deps.stores.customers.get('lin'))?.devices.map((device) => device.platform)).toEqual(
      ['fcm'],
    );
    expect(sns.inputs(DeleteEndpointCommand)).toEqual([{ EndpointArn: iphone }]);
    expect(sns.endpointOf('apns-token-lin')).toBeUndefined();
  });

  test('a registration SNS fails fails that event alone, and the same event sent again registers the device', async () => {
    // Prepare: SNS has an internal error on one token's CreatePlatformEndpoint, once.
    const { engine, sns } = await pushEngine();
    sns.failOnce('fcm-token-mei');
    const device = registered(engine, 'mei', 'fcm');

    // Act
    const first = await post(engine, [signup(engine, 'mei'), registered(engine, 'mei', 'apns'), device]);
    const stored = await engine.deps.stores.customers.get('mei');
    const retried = await post(engine, [device]);

    // Assess
    expect(statuses(first)).toEqual(['accepted', 'accepted', 'failed']);
    expect(stored?.devices.map((entry) => entry.platform)).toEqual(['apns']);
    expect(statuses(retried)).toEqual(['accepted']);
    expect(
      (await engine.deps.stores.customers.get('mei'))?.devices.map((entry) => entry.endpointArn),
    ).toEqual([sns.endpointOf('apns-token-mei'), sns.endpointOf('fcm-token-mei')]);
  });

  test('with no platform application configured, a device is stored without an endpoint and push stays on the outbox', async () => {
    // Prepare
    const { engine, sns, delivered } = await pushEngine({ sns: false });

    // Act
    await postAndTick(engine, [signup(engine, 'wei'), registered(engine, 'wei', 'fcm')]);

    // Assess
    expect((await engine.deps.stores.customers.get('wei'))?.devices).toEqual([
      { platform: 'fcm', token: 'fcm-token-wei', registeredAt: Date.parse(START) },
    ]);
    expect(delivered.filter((message) => message.channel === 'push')).toHaveLength(1);
    expect(await welcome('sent')).toBe(1);
    expect(sns.mock.calls()).toHaveLength(0);
  });

  test('a disabled endpoint is removed, the next send skips that device, and a customer left with none counts as no device', async () => {
    // Prepare: two customers; FCM then tells SNS that both Android tokens are no longer valid.
    const { engine, sns } = await pushEngine();
    await post(engine, [
      signup(engine, 'both'),
      registered(engine, 'both', 'apns'),
      registered(engine, 'both', 'fcm'),
      signup(engine, 'android'),
      registered(engine, 'android', 'fcm'),
    ]);
    const endpoints = {
      iphone: sns.endpointOf('apns-token-both'),
      both: sns.endpointOf('fcm-token-both'),
      only: sns.endpointOf('fcm-token-android'),
    };
    sns.disable('fcm-token-both');
    sns.disable('fcm-token-android');

    // Act: the welcome goes out after the hour's window closes.
    await welcomeHour(engine);

    // Assess: every endpoint was tried once; the disabled ones left their profiles and SNS.
    expect(sns.published()).toEqual(
      expect.arrayContaining([
        { targetArn: endpoints.iphone, stepId: 'send-welcome' },
        { targetArn: endpoints.both, stepId: 'send-welcome' },
        { targetArn: endpoints.only, stepId: 'send-welcome' },
      ]),
    );
    expect(sns.published()).toHaveLength(3);
    expect(
      (await engine.deps.stores.customers.get('both'))?.devices.map((device) => device.endpointArn),
    ).toEqual([endpoints.iphone]);
    expect((await engine.deps.stores.customers.get('android'))?.devices).toEqual([]);
    expect(sns.inputs(DeleteEndpointCommand)).toEqual(
      expect.arrayContaining([{ EndpointArn: endpoints.both }, { EndpointArn: endpoints.only }]),
    );
    expect([await welcome('sent'), await welcome('rejected')]).toEqual([1, 1]);

    // Act: a day later, the nudge.
    await playUntil(engine, Date.parse(START) + 26 * HOUR_MS);

    // Assess: only the iPhone gets it; the customer with no device left is skipped, not failed.
    expect(sns.published().filter((publish) => publish.stepId === 'send-nudge')).toEqual([
      { targetArn: endpoints.iphone, stepId: 'send-nudge' },
    ]);
    const nudge = (metric: Parameters<typeof funnelTotal>[2]) => welcome(metric, 'send-nudge');
    expect([await nudge('sent'), await nudge('skippedNoDevice'), await nudge('rejected')]).toEqual([1, 1, 0]);
  });

  test('a send shard that crashes after publishing is retried in a new container, and each device gets the push once', async () => {
    // Prepare: the first Send invocation does all its work, then fails as if the Lambda crashed.
    const fault = crashAfterWork('Send');
    const { engine, sns } = await pushEngine({ wrapTask: fault.wrapTask });
    const customers = ['ana', 'bo', 'cy'];
    await post(
      engine,
      customers.flatMap((id) => [signup(engine, id), registered(engine, id, 'fcm')]),
    );
    sns.disable('fcm-token-cy');

    // Act
    await welcomeHour(engine);

    // Assess: the shard ran twice, SNS got one Publish per endpoint, and the gone device was removed once.
    const welcomeAttempts = fault.attempts.filter(
      (payload) => (payload as { step?: { id?: string } }).step?.id === 'send-welcome',
    );
    expect(welcomeAttempts).toHaveLength(2);
    const targets = sns.published().map((publish) => publish.targetArn);
    expect(new Set(targets).size).toBe(3);
    expect(targets).toHaveLength(3);
    expect(sns.inputs(DeleteEndpointCommand)).toHaveLength(1);
    expect([await welcome('sent'), await welcome('rejected')]).toEqual([2, 1]);
  });

  test('consent, unsubscribe and quiet hours are honoured: only the consenting customer awake gets it now', async () => {
    // Prepare
    const { engine, sns, delivered } = await pushEngine();
    await post(engine, [
      signup(engine, 'awake'),
      signup(engine, 'no-consent', 'Europe/London', false),
      signup(engine, 'gone'),
      event(engine, 'unsubscribe-gone', 'gone', 'unsubscribe'),
      signup(engine, 'asleep', 'Pacific/Auckland'),
      ...['awake', 'no-consent', 'gone', 'asleep'].map((id) => registered(engine, id, 'fcm')),
    ]);

    // Act
    await welcomeHour(engine);

    // Assess
    expect(sns.published().map((publish) => publish.targetArn)).toEqual([sns.endpointOf('fcm-token-awake')]);
    expect([
      await welcome('sent'),
      await welcome('skippedConsent'),
      await welcome('skippedUnsubscribed'),
      await welcome('deferredQuietHours'),
    ]).toEqual([1, 1, 1, 1]);

    // Act: 08:00 in Auckland is 20:00 UTC.
    await playUntil(engine, '2027-06-11T20:30:00Z');

    // Assess: the deferred push goes out in the customer's morning, once.
    const calls = sns.mock.commandCalls(PublishCommand);
    expect(calls.map((call) => call.args[0].input.TargetArn)).toEqual([
      sns.endpointOf('fcm-token-awake'),
      sns.endpointOf('fcm-token-asleep'),
    ]);
    const morning = delivered.filter((message) => message.customerId === 'asleep');
    expect(morning).toHaveLength(1);
    expect(morning[0]?.at).toBeGreaterThanOrEqual(Date.parse('2027-06-11T20:00:00Z'));
  });
});
