import { afterEach, describe, expect, test } from 'vitest';
import { LocalEngine } from '../../engine/engine.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { SnsDeviceRegistrar } from '../../functions/commons/channels/push/device-registrar.ts';
import { SnsPushAdapter } from '../../functions/commons/channels/push/sns-push.ts';
import { cohortWindowMs, windowReadyAt, windowStart } from '../../functions/commons/cohorts/cohort-window.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { event, funnelTotal, post } from '../support/engine/engine-harness.ts';
import { standInSns } from '../support/engine/sns-stand-in.ts';

// SNS's rate counts Publish calls, and a push goes to every device of its customer: the pacer
// reserves a slot per device, so a second never holds more publishes than PUSH_MAX_PER_SECOND.
const START = '2027-06-11T10:00:00Z'; // 11:00 in London: no one's quiet hours
const FCM_APP = 'arn:aws:sns:us-east-1:111122223333:app/GCM/shop';
const noWait = async () => {};

let running: LocalEngine | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('push paced by its publishes', () => {
  test.each([
    { customers: 20, deferred: false, why: 'all within the shard’s wait' },
    { customers: 60, deferred: true, why: 'the last past the shard’s wait, deferred whole to the ticker' },
  ])(
    'at 4 a second with 3 devices a customer, no virtual second holds more than 4 publishes: $customers customers, $why',
    async ({ customers: count, deferred }) => {
      // Prepare: customers with 3 phones each.
      const sns = standInSns();
      const delivered: OutgoingMessage[] = [];
      const engine = await LocalEngine.start({
        catalog: await catalogFromWorkspace('test/fixtures/workspaces/push', ['push-twice']),
        startAt: Date.parse(START),
        environment: { PUSH_MAX_PER_SECOND: '4' },
        onDeliver: (messages) => delivered.push(...messages),
        channels: { push: new SnsPushAdapter(sns.client, { wait: noWait }) },
        devices: new SnsDeviceRegistrar(sns.client, { fcm: FCM_APP }, { wait: noWait }),
      });
      running = engine;
      const customers = Array.from({ length: count }, (_, index) => `p-${index}`);
      await post(
        engine,
        customers.flatMap((id) => [
          event(engine, `signup-${id}`, id, 'signup', { timezone: 'Europe/London', consent: { push: true } }),
          ...['a', 'b', 'c'].map((phone) =>
            event(engine, `device-${id}-${phone}`, id, 'device_registered', {
              platform: 'fcm',
              token: `fcm-token-${id}-${phone}`,
            }),
          ),
        ]),
      );

      // Act: the sign-up hour's cohort starts, and its welcome goes out.
      const window = cohortWindowMs(engine.deps.catalog.journeys.get('push-twice') as never);
      await engine.advanceTo(windowReadyAt(windowStart(Date.parse(START), window), window));
      await engine.tick();
      // The shard sleeps until its slots, and the ticker sends what it deferred, minute by minute.
      for (let minute = 1; minute <= 3; minute += 1) {
        await engine.advanceTo(Math.floor(engine.clock.now() / 60_000) * 60_000 + 60_000);
        await engine.tick();
      }
      await engine.clock.idle();

      // Assess: each device once, in seconds of at most 4 publishes.
      const welcomes = sns.published().filter((publish) => publish.stepId === 'send-welcome');
      expect(welcomes).toHaveLength(3 * count);
      expect(new Set(welcomes.map((publish) => publish.targetArn)).size).toBe(3 * count);
      const bySecond = new Map<number, number>();
      for (const message of delivered.filter((candidate) => candidate.stepId === 'send-welcome')) {
        const second = Math.floor(message.at / 1000);
        bySecond.set(second, (bySecond.get(second) ?? 0) + (message.devices?.length ?? 0));
      }
      expect([...bySecond.values()].reduce((sum, publishes) => sum + publishes, 0)).toBe(3 * count);
      expect(Math.max(...bySecond.values())).toBeLessThanOrEqual(4);
      expect(bySecond.size).toBeGreaterThanOrEqual((3 * count) / 4);
      expect(await funnelTotal(engine, 'push-twice', 'sent', { stepId: 'send-welcome' })).toBe(count);
      const redelivered = await funnelTotal(engine, 'push-twice', 'redelivered', { stepId: 'send-welcome' });
      expect(redelivered > 0).toBe(deferred);
    },
  );
});
