import { describe, expect, test } from 'vitest';
import type { FunnelRow } from '../../../../functions/commons/stores/funnel.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** The funnel on dynalite: the tasks' rows, and the rows counted from events, one per batch. */

const engineOf = useLocalEngine(Date.UTC(2027, 5, 11, 10, 0));
const funnel = () => engineOf().deps.stores.funnel;

const row = (stepId: string, counts: FunnelRow['counts']): FunnelRow => ({
  journeyId: 'cart-nudge',
  runId: 'run-1',
  stepId,
  variant: 'treated',
  counts,
});

describe('the funnel store', () => {
  test("sums the tasks' rows and the rows of events; the same events set again replace their row", async () => {
    // Act
    await funnel().set(row('$journey', { entered: 5 }), 'cohort-1/0');
    await funnel().setFromEvents(row('$journey', { ordered: 1, revenue: 120 }), 'digest-a');
    await funnel().setFromEvents(row('$journey', { ordered: 1, revenue: 120 }), 'digest-a');
    await funnel().setFromEvents(row('send-reminder', { delivered: 2 }), 'digest-b');
    const rows = await funnel().rows('cart-nudge');

    // Assess
    const total = (metric: 'entered' | 'ordered' | 'revenue' | 'delivered') =>
      rows.reduce((sum, each) => sum + (each.counts[metric] ?? 0), 0);
    expect([total('entered'), total('ordered'), total('revenue'), total('delivered')]).toEqual([
      5, 1, 120, 2,
    ]);
  });

  test("a run's steps come from the tasks' rows alone, and a batch's row can be taken back", async () => {
    // Prepare
    await funnel().set(row('$journey', { entered: 5 }), 'cohort-2/0');
    await funnel().set(row('send-reminder', { sent: 5 }), 'cohort-2/0');
    await funnel().setFromEvents(row('not-a-task-step', { opened: 1 }), 'digest-c');

    // Act
    const steps = await funnel().stepsOf('cart-nudge', 'run-1');
    await funnel().unsetFromEvents(row('not-a-task-step', { opened: 1 }), 'digest-c');
    const rows = await funnel().rows('cart-nudge');

    // Assess
    expect(steps).toEqual(['$journey', 'send-reminder']);
    expect(rows.some((each) => each.stepId === 'not-a-task-step')).toBe(false);
  });
});
