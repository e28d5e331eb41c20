import { DeleteEndpointCommand, GetEndpointAttributesCommand } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, test } from 'vitest';
import { LocalEngine } from '../../engine/engine.ts';
import { PAYERS } from '../../engine/metering/payers.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { SnsDeviceRegistrar } from '../../functions/commons/channels/push/device-registrar.ts';
import { unregisterGoneDevices } from '../../functions/commons/channels/push/gone-devices.ts';
import { SnsPushAdapter } from '../../functions/commons/channels/push/sns-push.ts';
import { ingestEvents } from '../../functions/ingest-events/ingest.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { event, post } from '../support/engine/engine-harness.ts';
import { standInSns } from '../support/engine/sns-stand-in.ts';

// Who a push device belongs to, when a phone changes hands or the platform drops a token while
// the app registers again: on the engine, through the real registrar over a stand-in for SNS.
const START = '2027-06-11T10:00:00Z';
const APNS_APP = 'arn:aws:sns:us-east-1:111122223333:app/APNS/shop';
const FCM_APP = 'arn:aws:sns:us-east-1:111122223333:app/GCM/shop';
const noWait = async () => {};

let running: LocalEngine | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function devicesEngine() {
  const sns = standInSns();
  const engine = await LocalEngine.start({
    catalog: await catalogFromWorkspace('test/fixtures/workspaces/push', ['push-twice']),
    startAt: Date.parse(START),
    channels: { push: new SnsPushAdapter(sns.client, { wait: noWait }) },
    devices: new SnsDeviceRegistrar(sns.client, { apns: APNS_APP, fcm: FCM_APP }, { wait: noWait }),
  });
  running = engine;
  const devicesOf = async (customerId: string) =>
    ((await engine.deps.stores.customers.get(customerId))?.devices ?? []).map(({ token, endpointArn }) => ({
      token,
      endpointArn,
    }));
  return { engine, sns, devicesOf };
}

const signup = (engine: LocalEngine, customerId: string) =>
  event(engine, `signup-${customerId}`, customerId, 'signup', {
    timezone: 'Europe/London',
    consent: { push: true },
  });
const registered = (
  engine: LocalEngine,
  customerId: string,
  token: string,
  eventId = `device-${customerId}`,
) => event(engine, eventId, customerId, 'device_registered', { platform: 'fcm', token });
/** What the send step ingests for a device SNS reported gone when a message left at `sentAt`. */
const reportedGone = (engine: LocalEngine, customerId: string, token: string, sentAt: number) =>
  unregisterGoneDevices(
    [{ idempotencyKey: `run-1/send-welcome/${customerId}`, customerId, at: sentAt } as OutgoingMessage],
    [
      {
        idempotencyKey: `run-1/send-welcome/${customerId}`,
        status: 'rejected',
        reason: 'gone',
        goneDevices: [token],
      },
    ],
    engine.depsOf('push-twice'),
    ingestEvents,
  );

describe('push devices and their owners', () => {
  test('a phone that signs in as another customer leaves the first profile; its endpoint stays, now the new owner’s', async () => {
    // Prepare: Ana's phone, then handed to Bo, who signs in on it.
    const { engine, sns, devicesOf } = await devicesEngine();
    await post(engine, [
      signup(engine, 'ana'),
      signup(engine, 'bo'),
      registered(engine, 'ana', 'fcm-token-shared'),
    ]);
    const endpoint = sns.endpointOf('fcm-token-shared');
    await engine.advanceTo(Date.parse(START) + 3_600_000);

    // Act
    const results = await post(engine, [registered(engine, 'bo', 'fcm-token-shared')]);

    // Assess
    expect(results.map((result) => result.status)).toEqual(['accepted']);
    expect(await devicesOf('ana')).toEqual([]);
    expect(await devicesOf('bo')).toEqual([{ token: 'fcm-token-shared', endpointArn: endpoint }]);
    expect(sns.inputs(DeleteEndpointCommand)).toEqual([]);
    const attributes = await sns.client.send(new GetEndpointAttributesCommand({ EndpointArn: endpoint }));
    expect(attributes.Attributes).toMatchObject({ CustomUserData: 'bo', Enabled: 'true' });
  });

  test('a disabled-endpoint report older than the device’s new registration leaves the device and its endpoint', async () => {
    // Prepare: the platform dropped Cy's token; a push at 10:00 found it gone; at 10:01 the app registers again.
    const { engine, sns, devicesOf } = await devicesEngine();
    await post(engine, [signup(engine, 'cy'), registered(engine, 'cy', 'fcm-token-cy')]);
    const endpoint = sns.endpointOf('fcm-token-cy');
    const sentAt = engine.clock.now();
    sns.disable('fcm-token-cy');
    await engine.advanceTo(sentAt + 60_000);
    await post(engine, [registered(engine, 'cy', 'fcm-token-cy', 'device-cy-again')]);

    // Act: the send step's report of the 10:00 push arrives after that.
    await reportedGone(engine, 'cy', 'fcm-token-cy', sentAt);

    // Assess
    expect(await devicesOf('cy')).toEqual([{ token: 'fcm-token-cy', endpointArn: endpoint }]);
    expect(sns.inputs(DeleteEndpointCommand)).toEqual([]);
  });

  test('a report that lands while the app re-enables the endpoint takes the device off, but leaves the endpoint enabled', async () => {
    // Prepare: the registration has already re-enabled the endpoint at SNS, before its profile write.
    const { engine, sns, devicesOf } = await devicesEngine();
    await post(engine, [signup(engine, 'dee'), registered(engine, 'dee', 'fcm-token-dee')]);
    const endpoint = sns.endpointOf('fcm-token-dee');
    const sentAt = engine.clock.now();
    sns.disable('fcm-token-dee');
    await engine.advanceTo(sentAt + 60_000);
    await engine.depsOf(PAYERS.eventsApi).devices?.register({
      customerId: 'dee',
      platform: 'fcm',
      token: 'fcm-token-dee',
      endpointArn: endpoint,
    });

    // Act
    await reportedGone(engine, 'dee', 'fcm-token-dee', sentAt + 30_000);

    // Assess: the device's registration lands next and puts it back, on an endpoint that still exists.
    expect(await devicesOf('dee')).toEqual([]);
    expect(sns.inputs(DeleteEndpointCommand)).toEqual([]);
    expect(sns.endpointOf('fcm-token-dee')).toBe(endpoint);
  });

  test('a report of an endpoint still disabled deletes it', async () => {
    // Prepare
    const { engine, sns, devicesOf } = await devicesEngine();
    await post(engine, [signup(engine, 'eli'), registered(engine, 'eli', 'fcm-token-eli')]);
    const endpoint = sns.endpointOf('fcm-token-eli');
    sns.disable('fcm-token-eli');
    await engine.advanceTo(engine.clock.now() + 60_000);

    // Act
    await reportedGone(engine, 'eli', 'fcm-token-eli', engine.clock.now());

    // Assess
    expect(await devicesOf('eli')).toEqual([]);
    expect(sns.inputs(DeleteEndpointCommand)).toEqual([{ EndpointArn: endpoint }]);
  });
});
