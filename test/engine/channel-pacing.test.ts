import { describe, expect, test } from 'vitest';
import type { LocalEngine } from '../../engine/engine.ts';
import { chunks } from '../../functions/commons/dynamo/batch.ts';
import { MINUTE_MS } from '../../functions/commons/runtime/clock.ts';
import { distinctMessages, event, funnelTotal, post, postAndTick } from '../support/engine/engine-harness.ts';
import { harnessPerTest } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();
const WORKSPACE = 'test/fixtures/workspaces/channels';
/** 11:00 in London: no one's quiet hours. */
const START = '2027-06-11T10:00:00Z';

/** `count` sign-ups of one moment, each consenting to `channel` and reachable on it. */
async function signUp(engine: LocalEngine, channel: string, count: number): Promise<void> {
  const events = Array.from({ length: count }, (_, index) =>
    event(engine, `signup-${index}`, `newcomer-${index}`, 'signup', {
      timezone: 'Europe/London',
      consent: { [channel]: true },
      phone: `+1555555${String(index).padStart(4, '0')}`,
    }),
  );
  const registrations = Array.from({ length: count }, (_, index) =>
    event(engine, `device-${index}`, `newcomer-${index}`, 'device_registered', {
      platform: 'fcm',
      token: `paced-device-${index}`,
    }),
  );
  for (const batch of chunks([...events, ...registrations], 300).slice(0, -1)) await post(engine, batch);
  await postAndTick(engine, chunks([...events, ...registrations], 300).at(-1) ?? []);
}

async function tickEveryMinute(engine: LocalEngine, minutes: number): Promise<void> {
  const from = Math.ceil(engine.clock.now() / MINUTE_MS) * MINUTE_MS;
  for (let minute = 0; minute <= minutes; minute += 1) {
    await engine.advanceTo(from + minute * MINUTE_MS);
    await engine.tick();
  }
  await engine.clock.idle();
}

describe('every paced channel keeps to its own rate on the virtual clock', () => {
  test.each([
    { channel: 'sms', variable: 'SMS_MAX_PER_SECOND' },
    { channel: 'push', variable: 'PUSH_MAX_PER_SECOND' },
  ])(
    '$channel at 4 a second: 120 messages take 30 virtual seconds, never more than 4 in one',
    async ({ channel, variable }) => {
      // Prepare: the other channels' rates are set too, and must not slow this one.
      const run = await harness([`welcome-${channel}`], START, {
        workspace: WORKSPACE,
        environment: { [variable]: '4', EMAIL_MAX_PER_SECOND: '1' },
      });

      // Act
      await signUp(run.engine, channel, 120);
      await tickEveryMinute(run.engine, 3);

      // Assess
      const messages = distinctMessages(run.delivered).filter((message) => message.channel === channel);
      const bySecond = new Map<number, number>();
      for (const { at } of messages)
        bySecond.set(Math.floor(at / 1000), (bySecond.get(Math.floor(at / 1000)) ?? 0) + 1);
      expect(messages).toHaveLength(120);
      expect(Math.max(...bySecond.values())).toBeLessThanOrEqual(4);
      expect(bySecond.size).toBeGreaterThanOrEqual(30);
      expect(await funnelTotal(run.engine, `welcome-${channel}`, 'sent', { stepId: 'send-welcome' })).toBe(
        120,
      );
    },
  );
});
