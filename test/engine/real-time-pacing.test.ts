import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { PAYERS } from '../../engine/metering/payers.ts';
import { serve } from '../../engine/serve.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { MINUTE_MS } from '../../functions/commons/runtime/clock.ts';
import { sleep } from '../../functions/commons/util/backoff.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { profile } from '../support/engine/engine-harness.ts';

/** A zone where it is about noon now, so no quiet hours come into it whenever the test runs. */
function noonZone(now: number): string {
  const offset = ((12 - new Date(now).getUTCHours() + 36) % 24) - 12;
  // Etc/GMT zones count the other way round: Etc/GMT-3 is three hours ahead of UTC.
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

test('journeys serve sends a deferred message when its slot comes in real time, its clock never ahead', async () => {
  // Prepare: away from a minute's turn, so serve's own minute tick keeps out of this one.
  const toNextMinute = MINUTE_MS - (Date.now() % MINUTE_MS);
  if (toNextMinute < 8_000) await sleep(toNextMinute + 200);
  const running = await serve({
    catalog: await catalogFromWorkspace('test/fixtures/workspaces/channels', ['welcome-sms']),
    port: 0,
    outboxFile: join(mkdtempSync(join(tmpdir(), 'journeys-real-time-')), 'outbox.jsonl'),
    sendRates: { sms: 2 },
  });
  try {
    const { engine } = running;
    const now = engine.clock.now();
    const ids = ['real-0', 'real-1', 'real-2'];
    await engine.deps.stores.customers.putMany(
      ids.map((id) => profile(id, { timezone: noonZone(now), consent: { sms: true } })),
    );
    // Three sends a shard deferred for the rate, their slots 1.5 to 2.5 s away, due now.
    const slots = Object.fromEntries(ids.map((id, index) => [id, now + 1_500 + index * 500]));
    const step = engine.deps.catalog.journeys.get('welcome-sms')?.steps[0];
    const [runId, cohortId] = ['welcome-sms-real', 'welcome-sms-real'];
    const places = await engine.deps.stores.ledger.defer({
      id: `${runId}/send-welcome/${cohortId}/0/paced`,
      payload: { journeyId: 'welcome-sms', runId, step, cohortId, shard: 0, pacedSlots: slots },
      dueAt: new Map(ids.map((id) => [id, now])),
    });
    for (const place of places) await engine.deps.stores.pendingWork.markDeferred(place, now);
    const channels = engine.depsOf(PAYERS.ticker).channels;
    const deliver = channels.deliver.bind(channels);
    const handedAt = new Map<string, number>();
    let clockAhead = Number.NEGATIVE_INFINITY;
    vi.spyOn(channels, 'deliver').mockImplementation(async (messages: readonly OutgoingMessage[]) => {
      for (const message of messages) handedAt.set(message.customerId, Date.now());
      clockAhead = Math.max(clockAhead, engine.clock.now() - Date.now());
      return deliver(messages);
    });

    // Act
    await engine.tick();

    // Assess: each left at its slot by the wall clock, and the engine's clock is not ahead of it.
    expect([...handedAt.keys()].sort()).toEqual(ids);
    for (const id of ids) expect(handedAt.get(id)).toBeGreaterThanOrEqual((slots[id] ?? 0) - 5);
    expect(clockAhead).toBeLessThanOrEqual(0);
    expect(engine.clock.now()).toBeLessThanOrEqual(Date.now());
  } finally {
    await running.close();
  }
});
