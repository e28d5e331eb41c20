import { describe, expect, test } from 'vitest';
import { isHeldOut } from '../../../workflows/evaluation/assignment.ts';
import type { Journey } from '../../../workflows/schema/index.ts';
import { loadWorkspace } from '../../../workflows/workspace/workspace.ts';
import { InMemoryJourneyRuntime, type TestCustomer } from '../../support/in-memory-journey-runtime.ts';

const workspace = loadWorkspace('workflows');

function builtIn(id: string): Journey {
  const found = workspace.journeys.find((loaded) => loaded.journey.id === id);
  if (!found) throw new Error(`built-in journey ${id} did not load: ${JSON.stringify(workspace.violations)}`);
  return found.journey;
}

/** Customer ids that the journey's holdout keeps in the journey, so paths are predictable. */
function activeIds(journeyId: string, holdout: number, count: number, prefix: string): string[] {
  const ids: string[] = [];
  for (let n = 0; ids.length < count; n += 1) {
    if (!isHeldOut(journeyId, `${prefix}-${n}`, holdout)) ids.push(`${prefix}-${n}`);
  }
  return ids;
}

function heldOutId(journeyId: string, holdout: number): string {
  for (let n = 0; ; n += 1) if (isHeldOut(journeyId, `held-${n}`, holdout)) return `held-${n}`;
}

describe('cart-nudge on the local engine', () => {
  const journey = builtIn('cart-nudge');

  test('a shopper who does not buy gets the reminder, then the coupon, then exits', async () => {
    // Prepare
    const [shopper = ''] = activeIds(journey.id, journey.holdout, 1, 'shopper');
    const runtime = new InMemoryJourneyRuntime(journey, [{ id: shopper, profile: { tier: 'E' } }]);
    // Act
    await runtime.runCohort();
    // Assess
    expect(runtime.trailOf(shopper)).toEqual([
      'entered',
      'send:send-cart-reminder',
      'grant:grant-cart-coupon',
      'send:send-cart-coupon',
      'exit:done',
    ]);
  });

  test('a shopper who buys reaches the goal and leaves before any message, while a held-out one gets nothing', async () => {
    // Prepare
    const [buyer = '', waverer = ''] = activeIds(journey.id, journey.holdout, 2, 'cart');
    const held = heldOutId(journey.id, journey.holdout);
    const customers: TestCustomer[] = [
      { id: buyer, events: [{ name: 'purchase', afterHours: 0.5 }] },
      { id: waverer },
      { id: held },
    ];
    const runtime = new InMemoryJourneyRuntime(journey, customers);
    // Act
    await runtime.runCohort();
    // Assess
    expect(runtime.trailOf(buyer)).toEqual(['entered', 'converted']);
    expect(runtime.trailOf(waverer)).toContain('send:send-cart-coupon');
    expect(runtime.trailOf(held)).toEqual(['held-out']);
  });
});

describe('preheat-618 on the local engine', () => {
  const journey = builtIn('preheat-618');

  test('each tier gets its own offer, then everyone hears that the sale is live', async () => {
    // Prepare
    const [high = '', purchasing = '', neverBought = ''] = activeIds(
      journey.id,
      journey.holdout,
      3,
      'member',
    );
    const runtime = new InMemoryJourneyRuntime(journey, [
      { id: high, profile: { member: true, tier: 'H' } },
      { id: purchasing, profile: { member: true, tier: 'E' } },
      { id: neverBought, profile: { member: true, tier: 'A' } },
    ]);
    // Act
    await runtime.runCohort(1);
    // Assess
    expect(runtime.trailOf(high)).toEqual([
      'entered',
      'grant:grant-early-access',
      'send:send-early-access',
      'send:send-sale-launch',
      'exit:done',
    ]);
    expect(runtime.trailOf(purchasing)).toEqual([
      'entered',
      'grant:grant-category-coupon',
      'send:send-category-coupon',
      'send:send-sale-launch',
      'exit:done',
    ]);
    expect(runtime.trailOf(neverBought)).toEqual([
      'entered',
      'grant:grant-first-purchase-gift',
      'send:send-first-purchase-gift',
      'send:send-sale-launch',
      'exit:done',
    ]);
  });

  test('members who added to cart since entry get the eve-of-sale nudge; others do not', async () => {
    // Prepare
    const [adder = '', browser = ''] = activeIds(journey.id, journey.holdout, 2, 'eve');
    const runtime = new InMemoryJourneyRuntime(journey, [
      { id: adder, profile: { member: true, tier: 'E' }, events: [{ name: 'add_to_cart', afterHours: 30 }] },
      {
        id: browser,
        profile: { member: true, tier: 'E' },
        events: [{ name: 'add_to_cart', afterHours: -48 }],
      },
    ]);
    // Act
    await runtime.runCohort();
    // Assess
    expect(runtime.customersWith('send:send-cart-nudge')).toEqual([adder]);
    expect(runtime.customersWith('send:send-sale-launch')).toEqual([adder, browser].sort());
  });
});

describe('first-purchase-gift on the local engine', () => {
  const journey = builtIn('first-purchase-gift');

  test('a new customer who orders is thanked and never reminded', async () => {
    // Prepare
    const runtime = new InMemoryJourneyRuntime(journey, [
      { id: 'new-buyer', events: [{ name: 'purchase', afterHours: 20 }] },
    ]);
    // Act
    await runtime.runCohort();
    // Assess
    expect(runtime.trailOf('new-buyer')).toEqual([
      'entered',
      'grant:grant-gift',
      'send:send-gift',
      'send:send-thank-you',
      'exit:done',
    ]);
  });

  test('a new customer who never orders is reminded before expiry, then leaves when the gift expires', async () => {
    // Prepare
    const runtime = new InMemoryJourneyRuntime(journey, [
      { id: 'window-shopper', events: [{ name: 'add_to_cart', afterHours: 5 }] },
      { id: 'buyer', events: [{ name: 'purchase', afterHours: 1 }] },
    ]);
    // Act
    await runtime.runCohort();
    // Assess
    expect(runtime.trailOf('window-shopper')).toEqual([
      'entered',
      'grant:grant-gift',
      'send:send-gift',
      'send:send-gift-reminder',
      'exit:gift-expired',
    ]);
    expect(runtime.trailOf('buyer')).toContain('send:send-thank-you');
    expect(runtime.executions.list().filter((execution) => execution.status !== 'SUCCEEDED')).toEqual([]);
  });

  test.each([
    { who: 'nobody orders', events: [], forks: 0, executions: 1 },
    { who: 'the customer orders', events: [{ name: 'purchase', afterHours: 2 }], forks: 1, executions: 2 },
  ])('a wait_for check forks only when someone moved: $who', async ({ events, forks, executions }) => {
    // Prepare
    const runtime = new InMemoryJourneyRuntime(journey, [{ id: 'newcomer', events }]);
    // Act
    await runtime.runCohort();
    // Assess: 4 checks a day for 14 days, yet the fork runs only for the check that moved someone.
    expect(runtime.calls.Partition).toBeGreaterThan(1);
    expect(runtime.calls.Fork ?? 0).toBe(forks);
    expect(runtime.executions.list()).toHaveLength(executions);
  });
});

describe('retouch-non-converters on the local engine', () => {
  const journey = builtIn('retouch-non-converters');

  test('the split sends each customer down exactly one variant, both variants used', async () => {
    // Prepare
    const ids = activeIds(journey.id, journey.holdout, 12, 'reached');
    const runtime = new InMemoryJourneyRuntime(
      journey,
      ids.map((id) => ({ id })),
    );
    // Act
    await runtime.runCohort(3);
    // Assess
    const flash = runtime.customersWith('send:send-flash-sale-pass');
    const gift = runtime.customersWith('send:send-first-purchase-gift');
    expect(flash.length).toBeGreaterThan(0);
    expect(gift.length).toBeGreaterThan(0);
    expect([...flash, ...gift].sort()).toEqual([...ids].sort());
    expect(runtime.customersWith('exit:done')).toEqual([...ids].sort());
  });

  test('a customer who buys after the sale converts and gets no second touch', async () => {
    // Prepare
    const [buyer = '', other = ''] = activeIds(journey.id, journey.holdout, 2, 'late');
    const runtime = new InMemoryJourneyRuntime(journey, [
      { id: buyer, events: [{ name: 'purchase', afterHours: 2 }] },
      { id: other },
    ]);
    // Act
    await runtime.runCohort();
    // Assess
    expect(runtime.trailOf(buyer)).toEqual(['entered', 'converted']);
    expect(runtime.trailOf(other).some((entry) => entry.startsWith('send:'))).toBe(true);
  });
});

describe('task failures', () => {
  test('a task that fails once is retried by the compiled Retry and the journey completes', async () => {
    // Prepare
    const journey = builtIn('cart-nudge');
    const [shopper = ''] = activeIds(journey.id, journey.holdout, 1, 'retry');
    const runtime = new InMemoryJourneyRuntime(journey, [{ id: shopper }], { faults: { Send: 1 } });
    // Act
    await runtime.runCohort();
    // Assess
    expect(runtime.trailOf(shopper)).toContain('send:send-cart-coupon');
    expect(runtime.failures).toEqual([]);
  });

  test('a task that keeps failing is caught, recorded, and fails the execution', async () => {
    // Prepare
    const journey = builtIn('cart-nudge');
    const runtime = new InMemoryJourneyRuntime(journey, [{ id: 'doomed' }], { faults: { Send: 100 } });
    // Act
    await runtime.runCohort();
    // Assess
    expect(runtime.failures).toHaveLength(1);
    expect(runtime.executions.list().map((execution) => execution.status)).toEqual(['FAILED']);
  });
});
