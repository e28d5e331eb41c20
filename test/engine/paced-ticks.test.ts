import { describe, expect, test, vi } from 'vitest';
import { PAYERS } from '../../engine/metering/payers.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import type { DeferredGroup } from '../../functions/commons/stores/deferrals.ts';
import { harnessPerTest } from '../support/engine/journey-scenarios.ts';
import {
  giftEmails,
  signUps,
  startCohorts,
  takeSlotsUntil,
  tickEachMinuteUntil,
} from '../support/engine/paced-sends.ts';

const harness = harnessPerTest();

/** 11:00 in London: no one's quiet hours. The sign-ups' cohort is ready at 11:02 UTC. */
const START = '2027-06-11T10:00:00Z';
const at = (time: string) => Date.parse(`2027-06-11T${time}Z`);
const paced = (perSecond: number) => ({ environment: { EMAIL_MAX_PER_SECOND: String(perSecond) } });

describe('the ticker delivering email deferred for the rate', () => {
  test("a tick begun within a minute of the last one waits for its own slots, not until the last one's deadline", async () => {
    // Prepare: 400 slots from 11:03:00 to 11:04:20, all past the shard's wait, so all deferred.
    const { engine, delivered } = await harness(['first-purchase-gift'], START, paced(5));
    await signUps(engine, 400);
    await startCohorts(engine, { slotsFrom: at('11:03:00'), perSecond: 5 });

    // Act: ticks are not a minute apart to the second; this one waits until 11:03:40.
    await engine.advanceTo(at('11:02:50'));
    await engine.tick();
    const byFirstTick = giftEmails(delivered).distinct.length;
    // 55 s after the first began: its own deadline is 11:04:35.
    await engine.advanceTo(at('11:03:45'));
    await engine.tick();

    // Assess
    const emails = giftEmails(delivered);
    expect(byFirstTick).toBe(201);
    expect(emails.distinct).toHaveLength(400);
    expect(emails.last).toBeLessThanOrEqual(at('11:04:35'));
    expect(emails.busiestSecond).toBeLessThanOrEqual(5);
  });

  test('a tick retried after a provider failure files what it deferred once, and sends each email once', async () => {
    // Prepare: 100 deferred emails whose slots the ticker misses, and a busy channel after them.
    const { engine, delivered } = await harness(['first-purchase-gift'], START, paced(5));
    await signUps(engine, 100);
    await startCohorts(engine, { slotsFrom: at('11:03:00'), perSecond: 5 });
    await engine.advanceTo(at('11:05:00'));
    await takeSlotsUntil(engine, at('11:05:40'), 5);
    // The tick's new slots run from 11:05:40 to 11:06:00: 51 by its deadline, 49 filed anew.
    vi.spyOn(engine.depsOf(PAYERS.ticker).channels, 'deliver').mockRejectedValueOnce(
      new Error('TooManyRequestsException: the provider is down'),
    );

    // Act: the tick fails at its first window; the next one runs it again.
    await expect(engine.tick()).rejects.toThrow('the provider is down');
    await tickEachMinuteUntil(engine, at('11:12:00'));

    // Assess
    const emails = giftEmails(delivered);
    expect(emails.repeated).toEqual([]);
    expect(emails.distinct).toHaveLength(100);
    expect(emails.busiestSecond).toBeLessThanOrEqual(5);
  });

  test("a tick that fails at a later step does not send an earlier step's deferred emails again when retried", async () => {
    // Prepare: two cohorts' deferred emails, due in the same tick at 12:30.
    const { engine, delivered } = await harness(['first-purchase-gift'], START, paced(5));
    await signUps(engine, 10, { prefix: 'early' });
    await startCohorts(engine, { slotsFrom: at('12:30:00'), perSecond: 5 });
    await signUps(engine, 10, { prefix: 'late' });
    await startCohorts(engine, { perSecond: 5 });
    await engine.advanceTo(at('12:30:00'));
    const channels = engine.depsOf(PAYERS.ticker).channels;
    const deliver = channels.deliver.bind(channels);
    const runs = new Set<string>();
    const spy = vi
      .spyOn(channels, 'deliver')
      .mockImplementation(async (messages: readonly OutgoingMessage[]) => {
        for (const message of messages) runs.add(message.runId);
        if (runs.size > 1) throw new Error('TooManyRequestsException: the provider is down');
        return deliver(messages);
      });

    // Act
    await expect(engine.tick()).rejects.toThrow('the provider is down');
    spy.mockRestore();
    await tickEachMinuteUntil(engine, at('12:35:00'));

    // Assess
    const emails = giftEmails(delivered);
    expect(emails.repeated).toEqual([]);
    expect(emails.distinct).toHaveLength(20);
  });

  test('deferrals a shard files into the past hour after the top-of-hour tick read it are still delivered', async () => {
    // Prepare: two shards (500 and 100) defer into 11:58; the second shard's write lands late.
    const { engine, delivered } = await harness(['first-purchase-gift'], START, paced(50));
    const shardLedger = engine.depsOf('first-purchase-gift').stores.ledger;
    const defer = shardLedger.defer.bind(shardLedger);
    let late: DeferredGroup | undefined;
    vi.spyOn(shardLedger, 'defer').mockImplementation(async (group) => {
      if ((group.payload as { shard?: number }).shard !== 1) return defer(group);
      late = group;
      return [];
    });
    const tickerLedger = engine.depsOf(PAYERS.ticker).stores.ledger;
    const dueDeferred = tickerLedger.dueDeferred.bind(tickerLedger);
    vi.spyOn(tickerLedger, 'dueDeferred').mockImplementation(async (places, now) => {
      const found = await dueDeferred(places, now);
      // The shard that began before the hour files after the tick's read.
      const landing = now >= at('12:00:00') ? late : undefined;
      if (landing) {
        late = undefined;
        const filed = await engine.deps.stores.ledger.defer(landing);
        for (const place of filed) await engine.deps.stores.pendingWork.markDeferred(place, now);
      }
      return found;
    });
    await signUps(engine, 600);
    await startCohorts(engine, { slotsFrom: at('11:59:00'), perSecond: 50 });

    // Act
    await engine.advanceTo(at('12:00:00'));
    await tickEachMinuteUntil(engine, at('12:15:00'));

    // Assess
    expect(giftEmails(delivered).distinct).toHaveLength(600);
  });
});
