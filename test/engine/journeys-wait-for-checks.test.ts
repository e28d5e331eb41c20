import { describe, expect, test, vi } from 'vitest';
import {
  crashAfterWork,
  event,
  playUntil,
  post,
  postAndTick,
  stepsReceivedBy,
} from '../support/engine/engine-harness.ts';
import { harnessPerTest, PREHEAT_AT, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

describe('wait_for checks', () => {
  test('a check at which nobody did the event reads only the signals; the one after the order moves the customer', async () => {
    // Prepare: a new customer signs up and enters first-purchase-gift (no goal; it waits for a purchase)
    const newcomer = 'newcomer-checks';
    const { engine, delivered } = await harness(['first-purchase-gift'], PREHEAT_AT);
    await postAndTick(engine, [
      event(engine, 'signup-checks', newcomer, 'signup', {
        timezone: SHANGHAI,
        email: 'newcomer@example.com',
        consent: { email: true },
      }),
    ]);
    const memberReads = vi.spyOn(engine.depsOf('first-purchase-gift').stores.cohorts, 'members');

    // Act: two checks pass with no order, then the customer orders before the third
    await playUntil(engine, engine.clock.now() + 13 * 3_600_000);
    const readsWithoutOrder = memberReads.mock.calls.length;
    await post(engine, [
      event(engine, 'order-checks', newcomer, 'purchase', { orderId: 'order-checks', orderValue: 60 }),
    ]);
    // The next check falls in quiet hours in Shanghai: the thank-you goes out at 08:00 their time.
    await playUntil(engine, engine.clock.now() + 11 * 3_600_000);

    // Assess
    expect(readsWithoutOrder).toBe(0);
    expect(memberReads).toHaveBeenCalled();
    expect(stepsReceivedBy(delivered, newcomer)).toContain('first-purchase-gift/send-thank-you');
  });
});

describe('wait_for check retries', () => {
  test('a check that moved a customer and then crashed is retried, and the customer still gets the thank-you', async () => {
    // Prepare: the first check that moves someone does all its work, then fails as if the Lambda crashed
    const newcomer = 'newcomer-crash';
    const fault = crashAfterWork('Partition', (output) => (output as { moved?: boolean }).moved === true);
    const { engine, delivered } = await harness(['first-purchase-gift'], PREHEAT_AT, {
      wrapTask: fault.wrapTask,
    });
    await postAndTick(engine, [
      event(engine, 'signup-crash', newcomer, 'signup', {
        timezone: SHANGHAI,
        email: 'newcomer@example.com',
        consent: { email: true },
      }),
    ]);

    // Act: the customer orders; the next check moves them, crashes, and is retried
    await post(engine, [
      event(engine, 'order-crash', newcomer, 'purchase', { orderId: 'order-crash', orderValue: 60 }),
    ]);
    await playUntil(engine, engine.clock.now() + 24 * 3_600_000);

    // Assess
    expect(fault.crashed()).toBe(true);
    expect(stepsReceivedBy(delivered, newcomer)).toContain('first-purchase-gift/send-thank-you');
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });
});
