import { afterEach, expect, test } from 'vitest';
import { LocalEngine } from '../../engine/engine.ts';
import type { ChannelAdapter, OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { event, funnelTotal, playUntil, postAndTick, profile } from '../support/engine/engine-harness.ts';

/** A journey's limits count the messages that went out: one the provider rejected gives its claim back. */

const WORKSPACE = 'test/fixtures/workspaces/journey-settings';
let engine: LocalEngine | undefined;

afterEach(async () => {
  await engine?.stop();
  engine = undefined;
});

/** A push provider that rejects the first message it is handed and accepts the rest. */
function rejectingFirst(): { adapter: ChannelAdapter; accepted: OutgoingMessage[] } {
  const accepted: OutgoingMessage[] = [];
  let first = true;
  const adapter: ChannelAdapter = {
    deliver: async (messages) =>
      messages.map((message) => {
        if (first) {
          first = false;
          return { idempotencyKey: message.idempotencyKey, status: 'rejected', reason: 'InvalidParameter' };
        }
        accepted.push(message);
        return { idempotencyKey: message.idempotencyKey, status: 'accepted' };
      }),
  };
  return { adapter, accepted };
}

test('a push the provider rejects does not count toward messages_per_day: the two after it both go', async () => {
  // Prepare: capped-nudge allows two pushes a day and three in all, an hour apart.
  const push = rejectingFirst();
  engine = await LocalEngine.start({
    catalog: await catalogFromWorkspace(WORKSPACE, ['capped-nudge']),
    startAt: Date.parse('2027-06-11T10:00:00Z'),
    channels: { push: push.adapter },
  });
  await engine.deps.stores.customers.putMany([
    profile('shopper', { timezone: 'UTC', consent: { push: true } }),
  ]);

  // Act
  await postAndTick(engine, [event(engine, 'cart-1', 'shopper', 'add_to_cart', { cartValue: 80 })]);
  await playUntil(engine, '2027-06-11T14:00:00Z');

  // Assess
  expect(await funnelTotal(engine, 'capped-nudge', 'rejected', { stepId: 'push-1' })).toBe(1);
  expect(push.accepted.map((message) => message.stepId)).toEqual(['push-2', 'push-3']);
  expect(await funnelTotal(engine, 'capped-nudge', 'capped')).toBe(0);
});
