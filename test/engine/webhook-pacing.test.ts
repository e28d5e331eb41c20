import { afterEach, describe, expect, test } from 'vitest';
import { LocalEngine } from '../../engine/engine.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { MINUTE_MS } from '../../functions/commons/runtime/clock.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import {
  distinctMessages,
  event,
  funnelTotal,
  postAndTick,
  profile,
} from '../support/engine/engine-harness.ts';
import { type Answer, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { WELCOME_JOURNEY, WELCOME_STEP, writeWebhookWorkspace } from '../support/webhook-workspace.ts';

const SECRET = 'whsec_pacing_test_secret_0123456789abcdef';
/** 10:00 in Shanghai: no one's quiet hours. */
const START = '2027-06-11T02:00:00Z';

let running: { engine?: LocalEngine; receiver?: WebhookReceiver } = {};
afterEach(async () => {
  await running.engine?.stop();
  await running.receiver?.close();
  running = {};
});

/** `count` sign-ups at once whose webhooks go to a real receiver at 4 a second, the minute ticks played out. */
async function signUpPaced(count: number, answer?: Answer) {
  const receiver = await startWebhookReceiver(SECRET, answer);
  running.receiver = receiver;
  const root = writeWebhookWorkspace({ url: receiver.url('/hooks/welcome') });
  const delivered: OutgoingMessage[] = [];
  const engine = await LocalEngine.start({
    catalog: await catalogFromWorkspace(root, [WELCOME_JOURNEY]),
    startAt: Date.parse(START),
    environment: { WEBHOOK_SECRET: SECRET, WEBHOOK_MAX_PER_SECOND: '4' },
    onDeliver: (messages) => delivered.push(...messages),
  });
  running.engine = engine;
  const ids = Array.from({ length: count }, (_, index) => `hooked-${index}`);
  await engine.deps.stores.customers.putMany(
    ids.map((id) => profile(id, { timezone: 'Asia/Shanghai', consent: { webhook: true } })),
  );
  await postAndTick(
    engine,
    ids.map((id) => event(engine, `signup-${id}`, id, 'signup')),
  );
  const from = Math.ceil(engine.clock.now() / MINUTE_MS) * MINUTE_MS;
  for (let minute = 0; minute <= 3; minute += 1) {
    await engine.advanceTo(from + minute * MINUTE_MS);
    await engine.tick();
  }
  await engine.clock.idle();
  const calls = distinctMessages(delivered).filter((message) => message.channel === 'webhook');
  const bySecond = new Map<number, number>();
  for (const { at } of calls)
    bySecond.set(Math.floor(at / 1000), (bySecond.get(Math.floor(at / 1000)) ?? 0) + 1);
  const total = (metric: Parameters<typeof funnelTotal>[2]) =>
    funnelTotal(engine, WELCOME_JOURNEY, metric, { stepId: WELCOME_STEP });
  return { receiver, calls, bySecond, total };
}

describe('webhook calls paced to the receiver rate', () => {
  test('at 4 a second, 60 sign-ups reach a real receiver over 15 virtual seconds, never more than 4 in one', async () => {
    // Act
    const { receiver, calls, bySecond } = await signUpPaced(60);

    // Assess
    expect(calls).toHaveLength(60);
    expect(receiver.acceptedCalls()).toHaveLength(60);
    expect(Math.max(...bySecond.values())).toBeLessThanOrEqual(4);
    expect(bySecond.size).toBeGreaterThanOrEqual(15);
  });

  test('past the shard’s 40 s the ticker makes the calls; those it finds refused leave sent and delivered alike', async () => {
    // Prepare: 200 calls at 4 a second outlast the shard's wait (about 160 slots); the last 10 are refused.
    const answer: Answer = (_call, index) => (index >= 190 ? 400 : 200);

    // Act
    const { receiver, calls, bySecond, total } = await signUpPaced(200, answer);

    // Assess: the deferred calls, counted sent at the shard, count as redelivered or are taken back.
    expect(calls).toHaveLength(200);
    expect(receiver.acceptedCalls()).toHaveLength(190);
    expect(Math.max(...bySecond.values())).toBeLessThanOrEqual(4);
    expect(await total('redelivered')).toBeGreaterThan(0);
    expect([await total('sent'), await total('delivered'), await total('rejected')]).toEqual([190, 190, 10]);
  });
});
