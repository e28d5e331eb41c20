import { describe, expect, test } from 'vitest';
import { localDocumentClient } from '../../engine/dynalite/local-client.ts';
import type { LocalEngine, LocalEngineOptions } from '../../engine/engine.ts';
import { stateKeys } from '../../functions/commons/dynamo/keys.ts';
import { MINUTE_MS } from '../../functions/commons/runtime/clock.ts';
import type { InboxListing } from '../../functions/inbox/inbox-schemas.ts';
import {
  crashAfterWork,
  event,
  funnelTotal,
  HOUR_MS,
  playUntil,
  post,
  postAndTick,
  profile,
} from '../support/engine/engine-harness.ts';
import {
  IN_APP_JOURNEY,
  IN_APP_REMINDER_JOURNEY,
  IN_APP_WORKSPACE,
} from '../support/engine/in-app-workspace.ts';
import { carts, harnessPerTest, SHANGHAI } from '../support/engine/journey-scenarios.ts';

// The send pipeline's guarantees for in_app, on the embedded engine: the message reaches the inbox
// once under a retried shard task; consent, unsubscribe, quiet hours and the frequency cap hold.
const START = '2027-06-11T02:00:00Z'; // 10:00 in Shanghai, 22:00 in New York

const harness = harnessPerTest({ workspace: IN_APP_WORKSPACE });

async function inboxOf(engine: LocalEngine, customerId: string): Promise<InboxListing['messages']> {
  const response = await engine.inbox({ method: 'GET', path: { id: customerId } });
  return (JSON.parse(response.body) as InboxListing).messages;
}

const steps = async (engine: LocalEngine, customerId: string) =>
  (await inboxOf(engine, customerId)).map((entry) => entry.stepId).reverse();

describe('in_app through the send pipeline', () => {
  test('a send that crashes after storing its messages is retried a minute later, and each inbox holds its message once', async () => {
    // Prepare: the first Send invocation stores the welcome messages, hangs a minute, then fails
    // as if the Lambda crashed; the retry delivers them again under the same keys, later.
    const ids = ['retry-1', 'retry-2', 'retry-3'];
    const fault = crashAfterWork('Send');
    const wrapTask: LocalEngineOptions['wrapTask'] = (role, handler) => {
      const crashing = fault.wrapTask(role, handler);
      return async (payload) => {
        const before = fault.crashed();
        try {
          return await crashing(payload);
        } catch (error) {
          if (!before) await engine.clock.sleepUntil(engine.clock.now() + MINUTE_MS);
          throw error;
        }
      };
    };
    const { engine, delivered } = await harness([IN_APP_JOURNEY], START, { wrapTask });
    await engine.deps.stores.customers.putMany(
      ids.map((id) => profile(id, { timezone: SHANGHAI, consent: { in_app: true } })),
    );

    // Act
    await postAndTick(engine, carts(engine, ids));
    await playUntil(engine, Date.parse(START) + 4 * HOUR_MS);

    // Assess: delivered twice under one key, stored once, counted sent once.
    expect(fault.crashed()).toBe(true);
    const welcomes = delivered.filter((message) => message.stepId === 'send-welcome');
    expect(welcomes).toHaveLength(6);
    expect(new Set(welcomes.map((message) => message.idempotencyKey)).size).toBe(3);
    expect(new Set(welcomes.map((message) => message.at)).size).toBe(2);
    const raw = localDocumentClient({ endpoint: engine.dynamoEndpoint });
    for (const id of ids) {
      const inbox = await inboxOf(engine, id);
      expect(inbox.map((entry) => entry.stepId).reverse()).toEqual([
        'send-welcome',
        'send-tip',
        'send-last-call',
      ]);
      // The welcome keeps the place (and time) of its first delivery.
      expect(inbox.at(-1)?.sentAt).toBe(
        new Date(Math.min(...welcomes.map((message) => message.at))).toISOString(),
      );
      const items = await raw.query({
        TableName: engine.deps.config.STATE_TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': stateKeys.inboxOf(id) },
      });
      // Three messages and the three guards of their places.
      expect(items.Items).toHaveLength(6);
    }
    expect(await funnelTotal(engine, IN_APP_JOURNEY, 'sent', { stepId: 'send-welcome' })).toBe(3);
    // Stored in the inbox is delivered: no delivery event follows.
    expect(await funnelTotal(engine, IN_APP_JOURNEY, 'delivered', { stepId: 'send-welcome' })).toBe(3);
    expect(await funnelTotal(engine, IN_APP_JOURNEY, 'redelivered', { stepId: 'send-welcome' })).toBe(3);
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED']);
  });

  test('no consent, unsubscribed, or unsubscribed from in_app mid-journey: nothing more reaches the inbox', async () => {
    // Prepare
    const { engine } = await harness([IN_APP_JOURNEY], START);
    await engine.deps.stores.customers.putMany([
      profile('consents', { timezone: SHANGHAI, consent: { in_app: true } }),
      profile('email-only', { timezone: SHANGHAI, consent: { email: true } }),
      profile('unsubscribed', { timezone: SHANGHAI, consent: { in_app: true }, unsubscribed: true }),
      profile('leaves-in-app', { timezone: SHANGHAI, consent: { in_app: true, email: true } }),
    ]);

    // Act: the one who leaves unsubscribes from in_app after the welcome.
    await postAndTick(engine, carts(engine, ['consents', 'email-only', 'unsubscribed', 'leaves-in-app']));
    await playUntil(engine, engine.clock.now() + 10 * 60_000);
    await post(engine, [
      event(engine, 'leave-in-app', 'leaves-in-app', 'unsubscribe', { channel: 'in_app' }),
    ]);
    await playUntil(engine, Date.parse(START) + 4 * HOUR_MS);

    // Assess
    expect(await steps(engine, 'consents')).toEqual(['send-welcome', 'send-tip', 'send-last-call']);
    expect(await steps(engine, 'email-only')).toEqual([]);
    expect(await steps(engine, 'unsubscribed')).toEqual([]);
    expect(await steps(engine, 'leaves-in-app')).toEqual(['send-welcome']);
    const total = (metric: 'skippedConsent' | 'skippedUnsubscribed', stepId: string) =>
      funnelTotal(engine, IN_APP_JOURNEY, metric, { stepId });
    expect(await total('skippedConsent', 'send-welcome')).toBe(1);
    expect(await total('skippedUnsubscribed', 'send-welcome')).toBe(1);
    expect(await total('skippedConsent', 'send-tip')).toBe(2);
    expect(await total('skippedConsent', 'send-last-call')).toBe(2);
  });

  test("a message due at night in the customer's zone reaches the inbox at 08:00 their time", async () => {
    // Prepare: 22:00 in New York when the cohort starts.
    const { engine } = await harness([IN_APP_JOURNEY], START);
    await engine.deps.stores.customers.putMany([
      profile('in-new-york', { timezone: 'America/New_York', consent: { in_app: true } }),
    ]);

    // Act
    await postAndTick(engine, carts(engine, ['in-new-york']));
    await playUntil(engine, '2027-06-11T11:30:00Z');
    const atNight = await inboxOf(engine, 'in-new-york');
    await playUntil(engine, '2027-06-11T12:30:00Z');

    // Assess: all three fell in the night; each went at 08:00 EDT (12:00Z).
    expect(atNight).toEqual([]);
    expect(await funnelTotal(engine, IN_APP_JOURNEY, 'deferredQuietHours')).toBe(3);
    const inbox = await inboxOf(engine, 'in-new-york');
    expect(inbox.map((entry) => entry.sentAt)).toEqual(Array(3).fill('2027-06-11T12:00:00.000Z'));
    // Sent and delivered by the tick that took them from the deferred items.
    expect([
      await funnelTotal(engine, IN_APP_JOURNEY, 'sent'),
      await funnelTotal(engine, IN_APP_JOURNEY, 'delivered'),
    ]).toEqual([3, 3]);
  });

  test('the frequency cap counts both in_app journeys together: past two a day, the rest are capped and never stored', async () => {
    // Prepare: an add-to-cart starts the three-message onboarding and the one-message reminder.
    const { engine } = await harness([IN_APP_JOURNEY, IN_APP_REMINDER_JOURNEY], START, {
      environment: { FREQUENCY_CAP_PER_DAY: '2' },
    });
    await engine.deps.stores.customers.putMany([
      profile('capped', { timezone: SHANGHAI, consent: { in_app: true } }),
    ]);

    // Act
    await postAndTick(engine, carts(engine, ['capped']));
    await playUntil(engine, Date.parse(START) + 4 * HOUR_MS);

    // Assess: two messages in all, whichever journey sent first; the other two capped.
    const both = async (metric: 'sent' | 'capped') =>
      (await funnelTotal(engine, IN_APP_JOURNEY, metric)) +
      (await funnelTotal(engine, IN_APP_REMINDER_JOURNEY, metric));
    expect(await inboxOf(engine, 'capped')).toHaveLength(2);
    expect([await both('sent'), await both('capped')]).toEqual([2, 2]);
    expect(await funnelTotal(engine, IN_APP_JOURNEY, 'capped', { stepId: 'send-last-call' })).toBe(1);
  });
});
