import { describe, expect, test, vi } from 'vitest';
import type { LocalEngine } from '../../engine/engine.ts';
import type { FunnelRow } from '../../functions/commons/stores/funnel.ts';
import { isHeldOut } from '../../workflows/evaluation/assignment.ts';
import {
  crashAfterWork,
  event,
  funnelTotal,
  idsFor,
  playUntil,
  post,
  postAndTick,
  profile,
} from '../support/engine/engine-harness.ts';
import { cart, harnessPerTest, PREHEAT_AT, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

/** Fails the first count write of `journeyId` that `matches`, as if it were throttled. */
function failFirstCountWrite(engine: LocalEngine, journeyId: string, matches: (row: FunnelRow) => boolean) {
  const funnel = engine.depsOf(journeyId).stores.funnel;
  const writes: FunnelRow[] = [];
  let failed = false;
  const failOnce = (row: FunnelRow) => {
    if (!matches(row)) return;
    writes.push(row);
    if (failed) return;
    failed = true;
    throw new Error('ProvisionedThroughputExceededException');
  };
  const set = funnel.set.bind(funnel);
  vi.spyOn(funnel, 'set').mockImplementation(async (row, task) => {
    failOnce(row);
    return set(row, task);
  });
  return writes;
}

describe('partition retries', () => {
  test('a split that crashes after writing its sub-cohorts is retried and counts each variant once', async () => {
    // Prepare: the first split call divides the shard and counts, then fails as if the Lambda crashed.
    const shoppers = Array.from({ length: 40 }, (_, n) => `splitter-${n}`)
      .filter((id) => !isHeldOut('split-test', id, 20))
      .slice(0, 6);
    const fault = crashAfterWork('Partition', (output) => 'short' in (output as { counts: object }).counts);
    const { engine } = await harness(['split-test'], PREHEAT_AT, {
      workspace: 'test/fixtures/workspaces/split',
      wrapTask: fault.wrapTask,
    });
    await engine.deps.stores.customers.putMany(
      shoppers.map((id) => profile(id, { timezone: SHANGHAI, consent: {} })),
    );

    // Act
    await postAndTick(
      engine,
      shoppers.map((id) => cart(engine, `cart-${id}`, id)),
    );
    await playUntil(engine, '2027-06-13T06:00:00Z');

    // Assess: both attempts split the same six; the variants' entries add up to six, not twelve.
    expect(fault.crashed()).toBe(true);
    const entered = async (variant: string) =>
      funnelTotal(engine, 'split-test', 'entered', { stepId: 'split-wait', variant });
    expect((await entered('short')) + (await entered('long'))).toBe(6);
    expect(await funnelTotal(engine, 'split-test', 'exited', { stepId: 'done' })).toBe(6);
  });

  test('a wait_for check whose count fails after moving its buyer is retried and counts the buyer once', async () => {
    // Prepare: the buyer's check moves them, then its count write fails once.
    const { engine } = await harness(['first-purchase-gift'], PREHEAT_AT);
    const writes = failFirstCountWrite(
      engine,
      'first-purchase-gift',
      (row) => row.stepId === 'wait-for-first-order' && row.variant === 'event',
    );
    const signup = event(engine, 'signup-buyer', 'buyer', 'signup', {
      timezone: SHANGHAI,
      email: 'buyer@example.com',
      consent: { email: true },
    });

    // Act
    await postAndTick(engine, [signup]);
    await playUntil(engine, '2027-06-11T04:30:00Z');
    await postAndTick(engine, [
      event(engine, 'order-buyer', 'buyer', 'purchase', { orderId: 'order-buyer', orderValue: 120 }),
    ]);
    await playUntil(engine, '2027-06-12T06:00:00Z');

    // Assess: the retry found the buyer already moved, and counted them from the check's sub-cohort.
    const movedToThanks = { stepId: 'wait-for-first-order', variant: 'event' };
    expect(await funnelTotal(engine, 'first-purchase-gift', 'entered', movedToThanks)).toBe(1);
    expect(await funnelTotal(engine, 'first-purchase-gift', 'sent', { stepId: 'send-thank-you' })).toBe(1);
    expect(writes.length).toBe(2);
  });

  test('an entry whose count of the orders since entry fails is retried and counts the order once', async () => {
    // Prepare: the buyer carts and orders in the cohort window; the entry feeds the order to the
    // run, marking it on the profile, and then its count write fails once.
    const [buyer = ''] = idsFor('quick-buyer', 1, { treatedIn: ['cart-nudge'] });
    const { engine } = await harness(['cart-nudge'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany([
      profile(buyer, { timezone: SHANGHAI, consent: { email: true } }),
    ]);
    const writes = failFirstCountWrite(
      engine,
      'cart-nudge',
      (row) => row.stepId === '$journey' && row.counts.ordered !== undefined,
    );

    // Act
    await engine.advanceTo(Date.parse('2027-06-11T02:10:00Z'));
    await post(engine, [cart(engine, 'cart-quick', buyer)]);
    await engine.advanceTo(Date.parse('2027-06-11T02:20:00Z'));
    await post(engine, [event(engine, 'order-quick', buyer, 'purchase', { orderId: 'o-9', orderValue: 99 })]);
    await playUntil(engine, '2027-06-12T06:00:00Z');

    // Assess: the retry found the order marked by its own failed attempt, and counted it again.
    expect(await funnelTotal(engine, 'cart-nudge', 'ordered')).toBe(1);
    expect(await funnelTotal(engine, 'cart-nudge', 'revenue')).toBe(99);
    expect(writes.length).toBe(2);
  });
});
