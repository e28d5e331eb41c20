import { describe, expect, test } from 'vitest';
import {
  event,
  funnelTotal,
  idsFor,
  playUntil,
  postAndTick,
  profile,
} from '../support/engine/engine-harness.ts';
import { harnessPerTest, PREHEAT_AT, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

describe('once-per-customer grants', () => {
  test('the first-purchase gift is granted once per customer ever, across journeys, runs and duplicated events', async () => {
    // Prepare: an A-tier member the preheat reaches and the re-touch puts in variant b (the gift again).
    const [neverBought = ''] = idsFor('member', 1, {
      treatedIn: ['preheat-618', 'retouch-non-converters'],
      variant: ['retouch-non-converters', 'split-offer', 'b'],
    });
    const newcomer = 'newcomer-1';
    const { engine } = await harness(
      ['preheat-618', 'retouch-non-converters', 'first-purchase-gift'],
      PREHEAT_AT,
    );
    await engine.deps.stores.customers.putMany([
      profile(neverBought, {
        member: true,
        tier: 'A',
        timezone: SHANGHAI,
        consent: { sms: true, email: true },
      }),
    ]);
    const signup = (eventId: string, customerId: string) =>
      event(engine, eventId, customerId, 'signup', { timezone: SHANGHAI, consent: { email: true } });

    // Act: the preheat grants the gift; both sign up (the newcomer's signup arrives twice, then a
    // second signup of theirs); after the sale the re-touch offers the gift again.
    await engine.fireSchedule('preheat-618');
    await engine.clock.idle();
    await engine.advanceTo(Date.parse('2027-06-11T03:00:00Z'));
    const first = await postAndTick(engine, [
      signup('signup-newcomer', newcomer),
      signup('signup-member', neverBought),
    ]);
    const again = await postAndTick(engine, [signup('signup-newcomer', newcomer)]);
    const resignup = await postAndTick(engine, [signup('signup-newcomer-2', newcomer)]);
    await playUntil(engine, '2027-06-21T02:00:00Z');
    await engine.fireSchedule('retouch-non-converters');
    await engine.clock.idle();

    // Assess: the signups
    expect(first.map((result) => result.status)).toEqual(['accepted', 'accepted']);
    expect(again).toEqual([expect.objectContaining({ status: 'duplicate' })]);
    expect(resignup).toEqual([expect.objectContaining({ status: 'accepted', enrolled: [] })]);
    const giftRuns = (await engine.deps.stores.enrollments.membershipsOf(newcomer)).filter(
      (membership) => membership.journeyId === 'first-purchase-gift',
    );
    expect(giftRuns).toHaveLength(1);
    // Assess: the grants, one per customer
    const grant = (journeyId: string, stepId: string) =>
      Promise.all([
        funnelTotal(engine, journeyId, 'granted', { stepId }),
        funnelTotal(engine, journeyId, 'alreadyGranted', { stepId }),
      ]);
    expect(await grant('preheat-618', 'grant-first-purchase-gift')).toEqual([1, 0]);
    expect(await grant('first-purchase-gift', 'grant-gift')).toEqual([1, 1]);
    expect(await grant('retouch-non-converters', 'grant-first-purchase-gift')).toEqual([0, 1]);
  });
});
