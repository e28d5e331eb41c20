import { afterEach, type MockInstance, vi } from 'vitest';
import type { LocalEngine } from '../../../engine/engine.ts';
import type { FunnelRow, FunnelStore } from '../../../functions/commons/stores/funnel.ts';
import { event, type Harness, startHarness } from './engine-harness.ts';

// 10:00 in Shanghai on 11 June 2027: when the 618 preheat is scheduled to start.
export const PREHEAT_AT = '2027-06-11T02:00:00.000Z';
export const SHANGHAI = 'Asia/Shanghai';

/**
 * A starter of a fresh engine per test, each stopped after its test whatever happens; call it at
 * the top level of a test file so that its `afterEach` is registered there.
 */
export function harnessPerTest(): (...args: Parameters<typeof startHarness>) => Promise<Harness> {
  let running: LocalEngine | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  return async (...args) => {
    const started = await startHarness(...args);
    running = started.engine;
    return started;
  };
}

/** An add_to_cart event at the engine's current time. */
export function cart(engine: LocalEngine, eventId: string, customerId: string, cartValue = 80): object {
  return event(engine, eventId, customerId, 'add_to_cart', { cartValue });
}

/** Fails the first count set of `journeyId` that `matches`, as if the write were throttled; the rest go through. */
export function failFirstCountSet(
  engine: LocalEngine,
  journeyId: string,
  matches: (row: FunnelRow) => boolean,
): MockInstance<FunnelStore['set']> {
  const funnel = engine.depsOf(journeyId).stores.funnel;
  const setCounts = funnel.set.bind(funnel);
  let failed = false;
  return vi.spyOn(funnel, 'set').mockImplementation(async (row, task) => {
    if (failed || !matches(row)) return setCounts(row, task);
    failed = true;
    throw new Error('ProvisionedThroughputExceededException');
  });
}
