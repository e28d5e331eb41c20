import { describe, expect, test } from 'vitest';
import {
  distinctMessages,
  funnelTotal,
  idsFor,
  playUntil,
  postAndTick,
  profile,
} from '../support/engine/engine-harness.ts';
import { cart, harnessPerTest, PREHEAT_AT, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

describe('frequency cap', () => {
  test('a cap of one message a day holds across journeys, and the next day the customer can hear again', async () => {
    // Prepare
    const [member = ''] = idsFor('member', 1, { treatedIn: ['preheat-618', 'cart-nudge'] });
    const { engine, delivered } = await harness(['preheat-618', 'cart-nudge'], PREHEAT_AT, {
      environment: { FREQUENCY_CAP_PER_DAY: '1' },
    });
    await engine.deps.stores.customers.putMany([
      profile(member, {
        member: true,
        tier: 'E',
        orderCount: 1,
        timezone: SHANGHAI,
        consent: { email: true, push: true },
      }),
    ]);
    const onDay = (day: string) =>
      distinctMessages(delivered).filter((message) => new Date(message.at).toISOString().startsWith(day));

    // Act: the preheat emails at 10:00; a cart at 10:30 would push a reminder at 11:31, the same day.
    await engine.fireSchedule('preheat-618');
    await engine.clock.idle();
    await engine.advanceTo(Date.parse('2027-06-11T02:30:00Z'));
    await postAndTick(engine, [cart(engine, 'cart-1', member)]);
    await playUntil(engine, '2027-06-11T12:00:00Z');
    const firstDay = onDay('2027-06-11');
    await playUntil(engine, '2027-06-12T06:00:00Z');

    // Assess
    expect(firstDay.map((message) => `${message.journeyId}/${message.stepId}`)).toEqual([
      'preheat-618/send-category-coupon',
    ]);
    expect(await funnelTotal(engine, 'cart-nudge', 'capped', { stepId: 'send-cart-reminder' })).toBe(1);
    expect(await funnelTotal(engine, 'cart-nudge', 'capped')).toBeGreaterThanOrEqual(1);
    expect(onDay('2027-06-12').map((message) => `${message.journeyId}/${message.stepId}`)).toEqual([
      'cart-nudge/send-cart-coupon',
    ]);
  });
});
