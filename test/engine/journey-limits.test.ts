import { describe, expect, test } from 'vitest';
import { isHeldOutAtStep } from '../../workflows/evaluation/assignment.ts';
import {
  distinctMessages,
  event,
  funnelTotal,
  HOUR_MS,
  playUntil,
  post,
  postAndTick,
  profile,
} from '../support/engine/engine-harness.ts';
import {
  cart,
  carts,
  harnessPerTest,
  JOURNEY_SETTINGS_WORKSPACE,
} from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest({ workspace: JOURNEY_SETTINGS_WORKSPACE });

describe('journey limits', () => {
  test('messages_per_day caps the third push of the day, and messages_total the entry of the next day', async () => {
    // Prepare: 10:00 UTC, far from the default quiet hours of a customer in UTC.
    const { engine, delivered } = await harness(['capped-nudge'], '2027-06-11T10:00:00Z');
    await engine.deps.stores.customers.putMany([
      profile('shopper', { timezone: 'UTC', consent: { push: true } }),
    ]);
    const pushes = () => distinctMessages(delivered).map((message) => message.stepId);

    // Act: an entry on day one (pushes at 11:02, 12:02, 13:02), and another on day two.
    await postAndTick(engine, [cart(engine, 'cart-1', 'shopper')]);
    await playUntil(engine, '2027-06-11T14:00:00Z');
    const dayOne = pushes();
    await engine.advanceTo(Date.parse('2027-06-12T10:00:00Z'));
    await postAndTick(engine, [cart(engine, 'cart-2', 'shopper')]);
    await playUntil(engine, '2027-06-12T14:00:00Z');

    // Assess: two on day one, then one more brings the total to three; the rest are capped.
    expect(dayOne).toEqual(['push-1', 'push-2']);
    expect(pushes()).toEqual(['push-1', 'push-2', 'push-1']);
    expect(await funnelTotal(engine, 'capped-nudge', 'capped', { stepId: 'push-3' })).toBe(2);
    expect(await funnelTotal(engine, 'capped-nudge', 'capped', { stepId: 'push-2' })).toBe(1);
    expect(await funnelTotal(engine, 'capped-nudge', 'sent')).toBe(3);
  });

  test('max_entries lets a customer in twice and turns the third entry away, though the cooldown has passed', async () => {
    // Prepare
    const { engine } = await harness(['capped-nudge'], '2027-06-11T10:00:00Z');
    await engine.deps.stores.customers.putMany([
      profile('regular', { timezone: 'UTC', consent: { push: true } }),
    ]);

    // Act: three carts, each after the one-hour cooldown.
    const enrolled: string[][] = [];
    for (const day of [11, 12, 13]) {
      await engine.advanceTo(Date.parse(`2027-06-${day}T10:00:00Z`));
      const [result] = await post(engine, [cart(engine, `cart-${day}`, 'regular')]);
      enrolled.push(result?.status === 'accepted' ? [...(result.enrolled ?? [])] : []);
      await playUntil(engine, engine.clock.now() + 4 * HOUR_MS);
    }

    // Assess
    expect(enrolled).toEqual([['capped-nudge'], ['capped-nudge'], []]);
    expect(await funnelTotal(engine, 'capped-nudge', 'entered', { stepId: '$journey' })).toBe(2);
  });

  test('an entry that `only` turned away does not count toward max_entries', async () => {
    // Prepare: members-nudge lets each member in once; the shopper is not a member yet.
    const { engine, delivered } = await harness(['members-nudge'], '2027-06-11T10:00:00Z');
    await engine.deps.stores.customers.putMany([
      profile('shopper', { timezone: 'UTC', member: false, consent: { push: true } }),
    ]);

    // Act: a cart as a non-member, then, a day later and a member, another.
    await postAndTick(engine, [cart(engine, 'cart-1', 'shopper')]);
    await playUntil(engine, '2027-06-11T12:00:00Z');
    await engine.advanceTo(Date.parse('2027-06-12T10:00:00Z'));
    // The profile's update keeps its entry record, as an event's would.
    await engine.deps.stores.customers.update(
      'shopper',
      (current) => current && { ...current, member: true },
    );
    const [second] = await postAndTick(engine, [cart(engine, 'cart-2', 'shopper')]);
    await playUntil(engine, '2027-06-12T12:00:00Z');

    // Assess
    expect(second?.status === 'accepted' ? second.enrolled : []).toEqual(['members-nudge']);
    expect(distinctMessages(delivered).map((message) => message.stepId)).toEqual(['member-push']);
    expect(await funnelTotal(engine, 'members-nudge', 'excluded', { stepId: '$journey' })).toBe(1);
  });
});

describe('holdout step', () => {
  test('those it holds out get nothing after it, and each group counts its entrants and later orders', async () => {
    // Prepare: 20 shoppers; the step's stable hash holds out about 40% of them.
    const ids = Array.from({ length: 20 }, (_, index) => `midway-${index}`);
    const held = ids.filter((id) => isHeldOutAtStep('holdout-midway', 'hold-some', id, 40));
    const treated = ids.filter((id) => !held.includes(id));
    const { engine, delivered } = await harness(['holdout-midway'], '2027-06-11T10:00:00Z');
    await engine.deps.stores.customers.putMany(
      ids.map((id) => profile(id, { timezone: 'UTC', consent: { push: true } })),
    );
    const reachedAt = (stepId: string) =>
      distinctMessages(delivered)
        .filter((message) => message.stepId === stepId)
        .map((message) => message.customerId)
        .sort();
    const order = (customerId: string) =>
      event(engine, `order-${customerId}`, customerId, 'purchase', {
        orderId: `o-${customerId}`,
        orderValue: 120,
      });

    // Act: everyone enters; after the holdout step, one shopper of each group orders.
    await postAndTick(engine, carts(engine, ids));
    await playUntil(engine, '2027-06-11T13:00:00Z');
    await post(engine, [order(held[0] ?? ''), order(treated[0] ?? '')]);

    // Assess
    expect(held.length).toBeGreaterThan(0);
    expect(reachedAt('first-push')).toEqual([...ids].sort());
    expect(reachedAt('second-push')).toEqual([...treated].sort());
    const atStep = (variant: string, metric: 'entered' | 'heldOut' | 'ordered') =>
      funnelTotal(engine, 'holdout-midway', metric, { stepId: 'hold-some', variant });
    expect(await atStep('holdout', 'entered')).toBe(held.length);
    expect(await atStep('holdout', 'heldOut')).toBe(held.length);
    expect(await atStep('treated', 'entered')).toBe(treated.length);
    expect(await atStep('holdout', 'ordered')).toBe(1);
    expect(await atStep('treated', 'ordered')).toBe(1);
    // The journey's own rows still count everyone as treated entrants who ordered.
    expect(await funnelTotal(engine, 'holdout-midway', 'ordered', { stepId: '$journey' })).toBe(2);
  });
});
