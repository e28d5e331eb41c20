import { describe, expect, test } from 'vitest';
import { quietWindow } from '../../functions/commons/runtime/config.ts';
import { deferUntil } from '../../workflows/evaluation/quiet-hours.ts';
import {
  crashAfterWork,
  event,
  funnelTotal,
  HOUR_MS,
  playUntil,
  post,
} from '../support/engine/engine-harness.ts';
import { harnessPerTest } from '../support/engine/journey-scenarios.ts';
import { giftEmails, signUps, startCohorts, tickEachMinuteUntil } from '../support/engine/paced-sends.ts';

const harness = harnessPerTest();

/** 11:00 in London: no one's quiet hours. The sign-ups' cohort is ready at 11:02 UTC. */
const START = '2027-06-11T10:00:00Z';
const at = (time: string, day = '2027-06-11') => Date.parse(`${day}T${time}Z`);
const paced = (perSecond: number) => ({ environment: { EMAIL_MAX_PER_SECOND: String(perSecond) } });
const funnel = (engine: Parameters<typeof funnelTotal>[0], metric: Parameters<typeof funnelTotal>[2]) =>
  funnelTotal(engine, 'first-purchase-gift', metric, { stepId: 'send-gift' });

describe('email deferred for the rate, when its slot comes', () => {
  test('a send deferred for more than a day goes out once and is counted once', async () => {
    // Prepare: another campaign holds the channel for 46 hours, so the slots fall two days on.
    const { engine, delivered } = await harness(['first-purchase-gift'], START, paced(1));
    await signUps(engine, 5);

    // Act
    await startCohorts(engine, { slotsFrom: at('11:02:00') + 46 * HOUR_MS, perSecond: 1 });
    await playUntil(engine, at('12:00:00', '2027-06-13'));

    // Assess: claimed at the shard on the 11th, sent on the 13th, under that claim.
    expect(giftEmails(delivered).distinct).toHaveLength(5);
    expect(Math.min(...giftEmails(delivered).distinct.map((email) => email.at))).toBeGreaterThan(
      at('09:00:00', '2027-06-13'),
    );
    expect(await funnel(engine, 'sent')).toBe(5);
    expect(await funnel(engine, 'redelivered')).toBe(5);
    expect(await funnel(engine, 'capped')).toBe(0);
  });

  test("a slot that falls in the customer's quiet hours is given up for their morning", async () => {
    // Prepare: signed up at 19:00 in London, their slots at 21:30, after quiet hours begin.
    const { engine, delivered } = await harness(['first-purchase-gift'], '2027-06-11T18:00:00Z', paced(5));
    await signUps(engine, 5);

    // Act
    await startCohorts(engine, { slotsFrom: at('20:30:00'), perSecond: 5 });
    await playUntil(engine, at('09:00:00', '2027-06-12'));

    // Assess
    const emails = giftEmails(delivered).distinct;
    const window = quietWindow(engine.deps.config);
    expect(emails).toHaveLength(5);
    expect(emails.filter((email) => deferUntil(email.at, 'Europe/London', window) !== undefined)).toEqual([]);
    expect(Math.min(...emails.map((email) => email.at))).toBeGreaterThanOrEqual(at('07:00:00', '2027-06-12'));
    expect(await funnel(engine, 'sent')).toBe(5);
  });

  test('a customer who unsubscribes before the slot of their deferred email does not get it', async () => {
    // Prepare
    const { engine, delivered } = await harness(['first-purchase-gift'], START, paced(5));
    const [leaving] = await signUps(engine, 5);
    await startCohorts(engine, { slotsFrom: at('12:00:00'), perSecond: 5 });

    // Act
    await engine.advanceTo(at('11:30:00'));
    await post(engine, [event(engine, 'unsubscribe-1', leaving ?? '', 'unsubscribe')]);
    await playUntil(engine, at('12:30:00'));

    // Assess
    const emails = giftEmails(delivered).distinct;
    expect(emails).toHaveLength(4);
    expect(emails.map((email) => email.customerId)).not.toContain(leaving);
    expect(await funnel(engine, 'sent')).toBe(4);
    expect(await funnel(engine, 'skippedUnsubscribed')).toBe(1);
  });

  test('a shard retried after a crash keeps the slots it deferred, and each email goes out once', async () => {
    // Prepare: the shard's 300 slots straddle noon (due 11:59:30 to 12:00:30); it crashes after filing them.
    const fault = crashAfterWork('Send');
    const { engine, delivered } = await harness(['first-purchase-gift'], START, {
      ...paced(5),
      wrapTask: fault.wrapTask,
    });
    await signUps(engine, 300);

    // Act
    await startCohorts(engine, { slotsFrom: at('12:00:20'), perSecond: 5 });
    await engine.advanceTo(at('11:05:00'));
    const cursor = await engine.deps.stores.sendRates.nextSlot('email');
    await tickEachMinuteUntil(engine, at('12:10:00'));

    // Assess: the retry booked no slots again and filed nothing twice.
    expect(fault.crashed()).toBe(true);
    expect(cursor).toBe(at('12:01:20'));
    const emails = giftEmails(delivered);
    expect(emails.repeated).toEqual([]);
    expect(emails.distinct).toHaveLength(300);
    expect(emails.busiestSecond).toBeLessThanOrEqual(5);
    expect(await funnel(engine, 'sent')).toBe(300);
  });
});
