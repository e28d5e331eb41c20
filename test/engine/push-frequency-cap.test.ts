import { afterEach, describe, expect, test } from 'vitest';
import { LocalEngine } from '../../engine/engine.ts';
import { SnsDeviceRegistrar } from '../../functions/commons/channels/push/device-registrar.ts';
import { SnsPushAdapter } from '../../functions/commons/channels/push/sns-push.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import {
  event,
  funnelTotal,
  HOUR_MS,
  playUntil,
  post,
  postAndTick,
} from '../support/engine/engine-harness.ts';
import { standInSns } from '../support/engine/sns-stand-in.ts';

// The frequency cap counts every journey together, push among them: two push journeys on the
// engine, through the real SNS adapter over a stand-in for SNS.
const START = '2027-06-11T10:00:00Z'; // 11:00 in London
const FCM_APP = 'arn:aws:sns:us-east-1:111122223333:app/GCM/shop';
const noWait = async () => {};

let running: LocalEngine | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('the frequency cap on push', () => {
  test("a second push journey's send the same day is capped at one a day, and never published", async () => {
    // Prepare: one message a day; two customers, each with a phone.
    const sns = standInSns();
    const engine = await LocalEngine.start({
      catalog: await catalogFromWorkspace('test/fixtures/workspaces/push', [
        'push-twice',
        'push-cart-reminder',
      ]),
      startAt: Date.parse(START),
      environment: { FREQUENCY_CAP_PER_DAY: '1' },
      channels: { push: new SnsPushAdapter(sns.client, { wait: noWait }) },
      devices: new SnsDeviceRegistrar(sns.client, { fcm: FCM_APP }, { wait: noWait }),
    });
    running = engine;
    const customers = ['cap-1', 'cap-2'];
    await post(
      engine,
      customers.flatMap((id) => [
        event(engine, `signup-${id}`, id, 'signup', { timezone: 'Europe/London', consent: { push: true } }),
        event(engine, `device-${id}`, id, 'device_registered', { platform: 'fcm', token: `fcm-token-${id}` }),
      ]),
    );
    await playUntil(engine, Date.parse(START) + 2 * HOUR_MS);

    // Act: that afternoon they fill a cart, which the other journey answers by push.
    await postAndTick(
      engine,
      customers.map((id) => event(engine, `cart-${id}`, id, 'add_to_cart', { cartValue: 80 })),
    );

    // Assess: one push each, the welcome; the reminder counted as capped.
    const published = sns.published();
    expect(published.map((publish) => publish.stepId)).toEqual(['send-welcome', 'send-welcome']);
    expect(await funnelTotal(engine, 'push-twice', 'sent', { stepId: 'send-welcome' })).toBe(2);
    expect(await funnelTotal(engine, 'push-cart-reminder', 'capped', { stepId: 'send-reminder' })).toBe(2);
    expect(await funnelTotal(engine, 'push-cart-reminder', 'sent')).toBe(0);
  });
});
