import { describe, expect, test } from 'vitest';
import {
  crashAfterWork,
  distinctMessages,
  funnelTotal,
  idsFor,
  playUntil,
  postAndTick,
  profile,
  stepsReceivedBy,
} from '../support/engine/engine-harness.ts';
import {
  cart,
  failFirstCountSet,
  harnessPerTest,
  PREHEAT_AT,
  SHANGHAI,
} from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

describe('retries', () => {
  test('a send that crashes after delivering is retried by the state machine and the customer gets the message once', async () => {
    // Prepare: the first Send invocation does all its work, then fails as if the Lambda crashed.
    const shoppers = idsFor('shopper', 3, { treatedIn: ['cart-nudge'] });
    const fault = crashAfterWork('Send');
    const sendAttempts = fault.attempts;
    const { engine, delivered } = await harness(['cart-nudge'], PREHEAT_AT, { wrapTask: fault.wrapTask });
    await engine.deps.stores.customers.putMany(
      shoppers.map((id) => profile(id, { timezone: SHANGHAI, consent: { push: true } })),
    );

    // Act
    await postAndTick(
      engine,
      shoppers.map((id) => cart(engine, `cart-${id}`, id)),
    );
    await playUntil(engine, '2027-06-12T06:00:00Z');

    // Assess: the reminder shard ran twice, yet each customer has one reminder, under one key.
    const reminderAttempts = sendAttempts.filter(
      (payload) => (payload as { step?: { id?: string } }).step?.id === 'send-cart-reminder',
    );
    expect(reminderAttempts).toHaveLength(2);
    for (const id of shoppers) {
      const reminders = delivered.filter(
        (message) => message.customerId === id && message.stepId === 'send-cart-reminder',
      );
      expect(new Set(reminders.map((message) => message.idempotencyKey)).size).toBe(1);
      expect(stepsReceivedBy(delivered, id)).toEqual(['cart-nudge/send-cart-reminder']);
    }
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED']);
    // The shard's send log has one record per message: sent, under the key it was delivered with.
    const [task] = reminderAttempts as { run: { runId: string }; cohortId: string; shard: number }[];
    const logged = await engine.deps.stores.ledger.loggedSends({
      journeyId: 'cart-nudge',
      runId: task?.run.runId ?? '',
      stepId: 'send-cart-reminder',
      cohortId: task?.cohortId ?? '',
      shard: task?.shard ?? -1,
    });
    expect(
      Object.fromEntries([...logged].map(([id, entry]) => [id, [entry.outcome, entry.idempotencyKey]])),
    ).toEqual(
      Object.fromEntries(
        shoppers.map((id) => [
          id,
          [
            'sent',
            delivered.find((message) => message.customerId === id && message.stepId === 'send-cart-reminder')
              ?.idempotencyKey,
          ],
        ]),
      ),
    );
  });

  test('a send that fails after delivering but before counting is retried, and each message is counted sent once', async () => {
    // Prepare: the reminder shard's count write fails once, after its messages went out and were recorded.
    const shoppers = idsFor('counted', 3, { treatedIn: ['cart-nudge'] });
    const { engine, delivered } = await harness(['cart-nudge'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany(
      shoppers.map((id) => profile(id, { timezone: SHANGHAI, consent: { push: true } })),
    );
    const countWrites = failFirstCountSet(engine, 'cart-nudge', (row) => row.stepId === 'send-cart-reminder');

    // Act
    await postAndTick(
      engine,
      shoppers.map((id) => cart(engine, `cart-${id}`, id)),
    );
    await playUntil(engine, '2027-06-12T06:00:00Z');

    // Assess: the retry found its claims, redelivered under the same keys, and counted what the send log holds.
    expect(countWrites.mock.calls.filter(([row]) => row.stepId === 'send-cart-reminder')).toHaveLength(2);
    expect(
      distinctMessages(delivered).filter((message) => message.stepId === 'send-cart-reminder'),
    ).toHaveLength(3);
    expect(await funnelTotal(engine, 'cart-nudge', 'sent', { stepId: 'send-cart-reminder' })).toBe(3);
    expect(await funnelTotal(engine, 'cart-nudge', 'redelivered', { stepId: 'send-cart-reminder' })).toBe(3);
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED']);
  });

  test('a grant that crashes after granting is retried and counts each customer granted once', async () => {
    // Prepare: the first Grant invocation grants the cart coupon, then fails as if the Lambda crashed.
    const shoppers = idsFor('coupon', 3, { treatedIn: ['cart-nudge'] });
    const fault = crashAfterWork('Grant');
    const { engine } = await harness(['cart-nudge'], PREHEAT_AT, { wrapTask: fault.wrapTask });
    await engine.deps.stores.customers.putMany(
      shoppers.map((id) => profile(id, { timezone: SHANGHAI, consent: { email: true } })),
    );

    // Act
    await postAndTick(
      engine,
      shoppers.map((id) => cart(engine, `cart-${id}`, id)),
    );
    await playUntil(engine, '2027-06-13T06:00:00Z');

    // Assess: the retry found all three grants of the failed attempt as its own and granted nothing
    // again: three granted, none "already granted" (the attempts' counts added would say 3 and 3).
    expect(fault.attempts.length).toBe(2);
    const total = (metric: 'granted' | 'alreadyGranted') =>
      funnelTotal(engine, 'cart-nudge', metric, { stepId: 'grant-cart-coupon' });
    expect([await total('granted'), await total('alreadyGranted')]).toEqual([3, 0]);
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED']);
  });

  test('an exit step that crashes after counting is retried and counts each customer exited once', async () => {
    // Prepare: the first Record call counts the shard's exits at "done", then fails as if the Lambda crashed.
    const shoppers = idsFor('leaver', 3, { treatedIn: ['cart-nudge'] });
    const fault = crashAfterWork('Record');
    const { engine } = await harness(['cart-nudge'], PREHEAT_AT, { wrapTask: fault.wrapTask });
    await engine.deps.stores.customers.putMany(
      shoppers.map((id) => profile(id, { timezone: SHANGHAI, consent: { push: true, email: true } })),
    );

    // Act
    await postAndTick(
      engine,
      shoppers.map((id) => cart(engine, `cart-${id}`, id)),
    );
    await playUntil(engine, '2027-06-13T06:00:00Z');

    // Assess: two attempts, three customers exited (the attempts' counts added would say six).
    expect(fault.attempts.length).toBe(2);
    expect(await funnelTotal(engine, 'cart-nudge', 'exited', { stepId: 'done' })).toBe(3);
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED']);
  });
});
