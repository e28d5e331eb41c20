import { describe, expect, test } from 'vitest';
import {
  distinctMessages,
  idsFor,
  playUntil,
  postAndTick,
  profile,
} from '../support/engine/engine-harness.ts';
import { cart, harnessPerTest, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

describe('the bill by payer', () => {
  test("a deferred send delivered by the ticker is charged to its journey; the payers add up to the run's totals", async () => {
    // Prepare: the reminder falls at 23:02 in Shanghai and waits for the ticker at 08:00.
    const [customerId = ''] = idsFor('payer', 1, { treatedIn: ['cart-nudge'] });
    const { engine, delivered } = await harness(['cart-nudge'], '2027-06-11T13:59:00Z');
    await engine.deps.stores.customers.putMany([
      profile(customerId, { timezone: SHANGHAI, consent: { push: true } }),
    ]);

    // Act
    await postAndTick(engine, [cart(engine, 'cart-payer', customerId)]);
    await playUntil(engine, '2027-06-12T02:00:00Z');

    // Assess
    expect(distinctMessages(delivered).map((message) => message.stepId)).toContain('send-cart-reminder');
    const operations = engine.operations();
    const payers = operations.byPayer;
    // Both messages' outbox rows (the one sent at once and the deferred one) are cart-nudge's.
    expect(payers['cart-nudge']?.dynamo.providerWriteCapacity).toBe(distinctMessages(delivered).length);
    expect(payers.ticker?.dynamo.providerWriteCapacity).toBe(0);
    expect(payers['events-api']?.dynamo.writeCapacity).toBeGreaterThan(0);
    const sum = (pick: (counts: (typeof payers)[string]) => number) =>
      Object.values(payers).reduce((total, counts) => total + pick(counts), 0);
    expect(sum((counts) => counts.dynamo.requests)).toBe(operations.dynamo.total());
    expect(sum((counts) => counts.dynamo.writeCapacity)).toBeCloseTo(operations.dynamo.writeCapacity, 6);
    expect(sum((counts) => counts.dynamo.readCapacity)).toBeCloseTo(operations.dynamo.readCapacity, 6);
    const calls: Record<string, number> = {};
    for (const counts of Object.values(payers))
      for (const [name, count] of Object.entries(counts.lambdaInvocations))
        calls[name] = (calls[name] ?? 0) + count;
    expect(calls).toEqual(operations.lambdaInvocations);
    expect(payers['cart-nudge']?.lambdaInvocations.send).toBeGreaterThan(0);
    expect(payers.ticker?.lambdaInvocations['start-cohorts']).toBeGreaterThan(0);
  });
});
