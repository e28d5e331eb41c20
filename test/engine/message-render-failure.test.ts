import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { LocalEngine } from '../../engine/engine.ts';
import type { InboxListing } from '../../functions/inbox/inbox-schemas.ts';
import { funnelTotal, playUntil, postAndTick, profile } from '../support/engine/engine-harness.ts';
import { carts, harnessPerTest, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const WORKSPACE = fileURLToPath(new URL('../fixtures/workspaces/render-failure', import.meta.url));
const JOURNEY = 'last-visit-note';
const harness = harnessPerTest({ workspace: WORKSPACE });

async function inboxOf(engine: LocalEngine, customerId: string): Promise<InboxListing['messages']> {
  const response = await engine.inbox({ method: 'GET', path: { id: customerId } });
  return (JSON.parse(response.body) as InboxListing).messages;
}

describe('a message that cannot be rendered for one customer', () => {
  test('is rejected alone: the others of its shard get theirs, and the run goes on', async () => {
    // Prepare: one profile's last_visit is not a time, which the template's local_date refuses.
    const { engine } = await harness([JOURNEY], '2027-06-11T02:00:00Z');
    const lastVisits = {
      good: '2027-06-01T10:00:00Z',
      broken: 'last Tuesday',
      alsoGood: '2027-06-05T10:00:00Z',
    };
    await engine.deps.stores.customers.putMany(
      Object.entries(lastVisits).map(([id, lastVisit]) =>
        profile(id, { timezone: SHANGHAI, consent: { in_app: true }, attributes: { last_visit: lastVisit } }),
      ),
    );

    // Act
    await postAndTick(engine, carts(engine, Object.keys(lastVisits)));
    await playUntil(engine, '2027-06-12T06:00:00Z');

    // Assess
    expect((await inboxOf(engine, 'good')).map((message) => message.body)).toEqual([
      expect.stringContaining('Your last visit was'),
    ]);
    expect(await inboxOf(engine, 'alsoGood')).toHaveLength(1);
    expect(await inboxOf(engine, 'broken')).toEqual([]);
    const atSend = { stepId: 'send-note' };
    expect(await funnelTotal(engine, JOURNEY, 'sent', atSend)).toBe(2);
    expect(await funnelTotal(engine, JOURNEY, 'rejected', atSend)).toBe(1);
    expect(await funnelTotal(engine, JOURNEY, 'exited', { stepId: 'done' })).toBe(3);
    expect(engine.executions.list().map((execution) => execution.status)).toEqual(['SUCCEEDED']);
  });
});
