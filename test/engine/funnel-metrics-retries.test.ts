import { describe, expect, test, vi } from 'vitest';
import type { LocalEngine } from '../../engine/engine.ts';
import type { FunnelMetric } from '../../functions/commons/stores/funnel.ts';
import {
  crashAfterWork,
  funnelTotal,
  idsFor,
  playUntil,
  postAndTick,
  profile,
} from '../support/engine/engine-harness.ts';
import { cart, harnessPerTest, PREHEAT_AT, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();

/** Every funnel metric the engine's handlers publish as EMF, summed by journey and name. */
function publishedMetrics(engine: LocalEngine): (journeyId: string, name: string) => number {
  const published: { journeyId: string; name: string; value: number }[] = [];
  const { metrics } = engine.deps;
  const single = metrics.singleMetric.bind(metrics);
  vi.spyOn(metrics, 'singleMetric').mockImplementation(() => {
    const metric = single();
    let journeyId = '';
    vi.spyOn(metric, 'addDimension').mockImplementation((name, value) => {
      if (name === 'journey') journeyId = value;
      return metric;
    });
    vi.spyOn(metric, 'addMetric').mockImplementation((name, _unit, value) => {
      published.push({ journeyId, name, value });
      return metric;
    });
    return metric;
  });
  return (journeyId, name) =>
    published
      .filter((entry) => entry.journeyId === journeyId && entry.name === name)
      .reduce((sum, entry) => sum + entry.value, 0);
}

/** Three carts, one from a customer without push consent, through a crash of the first call of `role`. */
async function cartsThroughCrash(role: 'Send' | 'Partition') {
  const shoppers = idsFor(`emf-${role}`, 3, { treatedIn: ['cart-nudge'] });
  const fault = crashAfterWork(role);
  const { engine } = await harness(['cart-nudge'], PREHEAT_AT, { wrapTask: fault.wrapTask });
  const published = publishedMetrics(engine);
  await engine.deps.stores.customers.putMany(
    shoppers.map((id, index) => profile(id, { timezone: SHANGHAI, consent: { push: index > 0 } })),
  );
  await postAndTick(
    engine,
    shoppers.map((id) => cart(engine, `cart-${id}`, id)),
  );
  await playUntil(engine, '2027-06-12T06:00:00Z');
  expect(fault.crashed()).toBe(true);
  return { engine, published };
}

describe('EMF funnel metrics under a retried task', () => {
  test('a send shard retried after a crash publishes what the funnel holds: each outcome once', async () => {
    // Prepare & Act
    const { engine, published } = await cartsThroughCrash('Send');
    // Assess: messages sent and customers skipped for consent, the same in the funnel and the metrics.
    const metrics: FunnelMetric[] = ['sent', 'skippedConsent'];
    const funnel = await Promise.all(metrics.map((name) => funnelTotal(engine, 'cart-nudge', name)));
    expect(funnel.every((count) => count > 0)).toBe(true);
    expect(metrics.map((name) => published('cart-nudge', name))).toEqual(funnel);
  });

  test('an entry retried after a crash publishes each customer entered once', async () => {
    // Prepare & Act
    const { engine, published } = await cartsThroughCrash('Partition');
    // Assess
    const entered = await funnelTotal(engine, 'cart-nudge', 'entered', { stepId: '$journey' });
    expect(entered).toBe(3);
    expect(published('cart-nudge', 'entered')).toBe(entered);
  });
});
