import { describe, expect, test } from 'vitest';
import { distinctMessages, funnelTotal, idsFor, profile } from '../support/engine/engine-harness.ts';
import {
  failFirstCountSet,
  harnessPerTest,
  PREHEAT_AT,
  SHANGHAI,
} from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

describe('holdout', () => {
  test('preheat-618 holdout customers receive nothing and are counted as held out', async () => {
    // Prepare
    const heldOut = idsFor('held', 3, { heldOutOf: ['preheat-618'] });
    const treated = idsFor('member', 12, { treatedIn: ['preheat-618'] });
    const { engine, delivered } = await harness(['preheat-618'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany(
      [...heldOut, ...treated].map((id) =>
        profile(id, { member: true, tier: 'E', orderCount: 1, timezone: SHANGHAI, consent: { email: true } }),
      ),
    );

    // Act
    await engine.fireSchedule('preheat-618');
    await engine.clock.idle();

    // Assess
    const reached = new Set(distinctMessages(delivered).map((message) => message.customerId));
    expect([...reached].sort()).toEqual([...treated].sort());
    for (const id of heldOut) expect(reached.has(id)).toBe(false);
    expect(await funnelTotal(engine, 'preheat-618', 'heldOut')).toBe(heldOut.length);
    expect(await funnelTotal(engine, 'preheat-618', 'entered', { stepId: '$journey' })).toBe(
      heldOut.length + treated.length,
    );
  });

  test('an entry whose counts fail after the held out left the shard is retried and counts everyone once', async () => {
    // Prepare
    const heldOut = idsFor('held-retry', 3, { heldOutOf: ['preheat-618'] });
    const treated = idsFor('member-retry', 12, { treatedIn: ['preheat-618'] });
    const { engine } = await harness(['preheat-618'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany(
      [...heldOut, ...treated].map((id) =>
        profile(id, { member: true, tier: 'E', orderCount: 1, timezone: SHANGHAI, consent: { email: true } }),
      ),
    );
    const countSets = failFirstCountSet(engine, 'preheat-618', (row) => row.variant === 'holdout');

    // Act
    await engine.fireSchedule('preheat-618');
    await engine.clock.idle();

    // Assess: the retry no longer finds the held out among the members, and counts them from the shard's exits.
    expect(countSets.mock.calls.filter(([row]) => row.variant === 'holdout')).toHaveLength(2);
    expect(await funnelTotal(engine, 'preheat-618', 'heldOut')).toBe(heldOut.length);
    expect(await funnelTotal(engine, 'preheat-618', 'entered', { stepId: '$journey' })).toBe(
      heldOut.length + treated.length,
    );
    expect(engine.executions.list().filter((execution) => execution.status === 'FAILED')).toEqual([]);
  });
});
