import { describe, expect, test, vi } from 'vitest';
import { PAYERS } from '../../engine/metering/payers.ts';
import { funnelTotal, playUntil } from '../support/engine/engine-harness.ts';
import { harnessPerTest } from '../support/engine/journey-scenarios.ts';
import { giftEmails, signUps, startCohorts } from '../support/engine/paced-sends.ts';

const harness = harnessPerTest();

/** 11:00 in London: no one's quiet hours. The sign-ups' cohort is ready at 11:02 UTC. */
const START = '2027-06-11T10:00:00Z';
const at = (time: string) => Date.parse(`2027-06-11T${time}Z`);
const gift = (engine: Parameters<typeof funnelTotal>[0], metric: Parameters<typeof funnelTotal>[2]) =>
  funnelTotal(engine, 'first-purchase-gift', metric, { stepId: 'send-gift' });

describe('the ticker, when ticks overlap or fail part way', () => {
  test('two ticks at once deliver the deferred emails once: the second finds the lease held', async () => {
    // Prepare: 100 emails deferred for the rate, their slots from 11:03:00.
    const { engine, delivered } = await harness(['first-purchase-gift'], START, {
      environment: { EMAIL_MAX_PER_SECOND: '5' },
    });
    await signUps(engine, 100);
    await startCohorts(engine, { slotsFrom: at('11:03:00'), perSecond: 5 });
    await engine.advanceTo(at('11:03:00'));

    // Act: an overrunning tick and the next one run side by side.
    const results = (await Promise.all([engine.tick(), engine.tick()])) as { deferredDelivered: number }[];

    // Assess
    const emails = giftEmails(delivered);
    expect(emails.repeated).toEqual([]);
    expect(emails.distinct).toHaveLength(100);
    expect(results.map((result) => result.deferredDelivered).sort((a, b) => a - b)).toEqual([0, 100]);
    expect(await gift(engine, 'redelivered')).toBe(100);

    // Act: the lease was given back, so the next tick delivers what comes due.
    await engine.advanceTo(at('11:05:00'));
    const next = (await engine.tick()) as { deferredSkipped?: boolean };

    // Assess
    expect(next.deferredSkipped).toBe(false);
  });

  test('a tick that fails after sending quiet-hour deferrals counts them once as sent when retried', async () => {
    // Prepare: sign-ups in New York at 22:00 there, deferred to 08:00 (12:00 UTC).
    const { engine, delivered } = await harness(['first-purchase-gift'], '2027-06-11T02:00:00Z');
    await signUps(engine, 3, { timezone: 'America/New_York' });
    await playUntil(engine, '2027-06-11T04:00:00Z');
    expect(await gift(engine, 'deferredQuietHours')).toBe(3);
    const ledger = engine.depsOf(PAYERS.ticker).stores.ledger;
    const finish = ledger.finishDeferred.bind(ledger);
    vi.spyOn(ledger, 'finishDeferred').mockImplementationOnce(async () => {
      throw new Error('ProvisionedThroughputExceededException');
    });

    // Act: the 12:00 tick sends them and fails before it finishes their items; the next tick runs again.
    await engine.advanceTo(Date.parse('2027-06-11T12:00:00Z'));
    await expect(engine.tick()).rejects.toThrow('ProvisionedThroughputExceededException');
    vi.mocked(ledger.finishDeferred).mockImplementation(finish);
    await playUntil(engine, '2027-06-11T12:10:00Z');

    // Assess: the retry counts what the first attempt sent as sent, once, not as redelivered.
    expect(giftEmails(delivered).distinct).toHaveLength(3);
    expect([await gift(engine, 'sent'), await gift(engine, 'redelivered')]).toEqual([3, 0]);
  });
});
