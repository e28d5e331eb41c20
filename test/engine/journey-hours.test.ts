import { describe, expect, test } from 'vitest';
import { runTimes } from '../../workflows/language/run-times.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import {
  distinctMessages,
  event,
  funnelTotal,
  playUntil,
  post,
  postAndTick,
  profile,
} from '../support/engine/engine-harness.ts';
import { carts, harnessPerTest, JOURNEY_SETTINGS_WORKSPACE } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest({ workspace: JOURNEY_SETTINGS_WORKSPACE });
const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());

describe("a journey's quiet hours and opening hours", () => {
  test('on a Saturday morning, the push waits for the end of the quiet hours, the email for Monday once they end', async () => {
    // Prepare: Saturday 12 June 2027, 10:00 in the customer's zone (UTC).
    const { engine, delivered } = await harness(['office-hours'], '2027-06-12T10:00:00Z');
    await engine.deps.stores.customers.putMany([
      profile('weekender', { timezone: 'UTC', consent: { email: true, push: true } }),
    ]);
    const sentAt = (stepId: string) =>
      iso(distinctMessages(delivered).find((message) => message.stepId === stepId)?.at);

    // Act
    await postAndTick(engine, [event(engine, 'cart-sat', 'weekender', 'add_to_cart', { cartValue: 80 })]);
    await playUntil(engine, '2027-06-12T16:30:00Z');
    const beforeEvening = [sentAt('office-email'), sentAt('evening-push')];
    await playUntil(engine, '2027-06-14T18:00:00Z');

    // Assess: email opens on weekdays at 09:00, but the journey is quiet until 17:00.
    expect(beforeEvening).toEqual([undefined, undefined]);
    expect(sentAt('evening-push')).toBe('2027-06-12T17:00:00.000Z');
    expect(sentAt('office-email')).toBe('2027-06-14T17:00:00.000Z');
    expect(await funnelTotal(engine, 'office-hours', 'deferredQuietHours')).toBe(2);
  });

  test('a cart email held for Monday goes to nobody who bought over the weekend, and counts them as converted', async () => {
    // Prepare: Saturday 12 June 2027, 10:00 UTC; email opens on weekdays at 09:00.
    const { engine, delivered } = await harness(['office-cart'], '2027-06-12T10:00:00Z');
    await engine.deps.stores.customers.putMany(
      ['buyer', 'browser'].map((id) => profile(id, { timezone: 'UTC', consent: { email: true } })),
    );

    // Act: both leave a cart on Saturday; one buys on Sunday.
    await postAndTick(engine, carts(engine, ['buyer', 'browser']));
    await playUntil(engine, '2027-06-13T12:00:00Z');
    await post(engine, [
      event(engine, 'order-buyer', 'buyer', 'purchase', { orderId: 'o-buyer', orderValue: 120 }),
    ]);
    await playUntil(engine, '2027-06-14T12:00:00Z');

    // Assess
    const emailed = distinctMessages(delivered).map((message) => `${message.customerId}@${iso(message.at)}`);
    expect(emailed).toEqual(['browser@2027-06-14T09:00:00.000Z']);
    expect(await funnelTotal(engine, 'office-cart', 'converted', { stepId: 'cart-email' })).toBe(1);
    expect(await funnelTotal(engine, 'office-cart', 'sent', { stepId: 'cart-email' })).toBe(1);
  });

  test('a journey with a send rate of 2 a second sends its pushes at least half a second apart', async () => {
    // Prepare: ten members, on the journey's schedule (10:00 in Shanghai).
    const { engine, delivered } = await harness(['paced-journey'], '2027-06-11T02:00:00Z');
    const members = Array.from({ length: 10 }, (_, index) => `paced-${index}`);
    await engine.deps.stores.customers.putMany(
      members.map((id) => profile(id, { timezone: 'Asia/Shanghai', member: true, consent: { push: true } })),
    );

    // Act
    await engine.fireSchedule('paced-journey');
    await playUntil(engine, '2027-06-11T02:05:00Z');

    // Assess
    const times = distinctMessages(delivered)
      .map((message) => message.at)
      .sort((a, b) => a - b);
    expect(times).toHaveLength(10);
    const gaps = times.slice(1).map((at, index) => at - (times[index] ?? at));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeLessThan(6_000);
  });
});

describe('audience refresh', () => {
  test('each refresh lets in the members who joined since, and nobody twice', async () => {
    // Prepare: two members at the start; a third joins the day after.
    const catalog = await catalogFromWorkspace(JOURNEY_SETTINGS_WORKSPACE, ['refreshed-welcome']);
    const journey = catalog.journeys.get('refreshed-welcome');
    if (!journey) throw new Error('refreshed-welcome is missing from the fixture workspace');
    const runs = runTimes(journey, Date.parse('2027-06-30T00:00:00Z'));
    const { engine, delivered } = await harness(['refreshed-welcome'], '2027-06-11T01:00:00Z');
    const member = (id: string) =>
      profile(id, { timezone: 'Asia/Shanghai', member: true, consent: { push: true } });
    await engine.deps.stores.customers.putMany([member('early-1'), member('early-2')]);

    // Act: every run the schedule and its refreshes start.
    for (const [index, at] of runs.entries()) {
      await engine.advanceTo(at);
      if (index === 1) await engine.deps.stores.customers.putMany([member('joined-later')]);
      await engine.fireSchedule('refreshed-welcome');
      await engine.clock.idle();
    }

    // Assess
    expect(runs.map(iso)).toEqual([
      '2027-06-11T02:00:00.000Z',
      '2027-06-12T02:00:00.000Z',
      '2027-06-13T02:00:00.000Z',
    ]);
    const welcomed = distinctMessages(delivered).map((message) => `${message.runId}:${message.customerId}`);
    expect(welcomed.sort()).toEqual([
      'refreshed-welcome-202706110200:early-1',
      'refreshed-welcome-202706110200:early-2',
      'refreshed-welcome-202706120200:joined-later',
    ]);
    expect(await funnelTotal(engine, 'refreshed-welcome', 'entered', { stepId: '$journey' })).toBe(3);
  });
});
