import { afterEach, type MockInstance, vi } from 'vitest';
import type { LocalEngine } from '../../../engine/engine.ts';
import type { FunnelRow, FunnelStore } from '../../../functions/commons/stores/funnel.ts';
import { event, type Harness, startHarness } from './engine-harness.ts';

// 10:00 in Shanghai on 11 June 2027: when the 618 preheat is scheduled to start.
export const PREHEAT_AT = '2027-06-11T02:00:00.000Z';
export const SHANGHAI = 'Asia/Shanghai';

/** The test workspace of journeys with limits, quiet and opening hours, pacing and audience refresh. */
export const JOURNEY_SETTINGS_WORKSPACE = 'test/fixtures/workspaces/journey-settings';

type HarnessOptions = NonNullable<Parameters<typeof startHarness>[2]>;

/**
 * A starter of a fresh engine per test, each stopped after its test whatever happens; call it at
 * the top level of a test file so that its `afterEach` is registered there. `defaults` (a
 * workspace, say) go to every start, under the options a start gives.
 */
export function harnessPerTest(
  defaults: HarnessOptions = {},
): (journeys: readonly string[], startAt: string, options?: HarnessOptions) => Promise<Harness> {
  let running: LocalEngine | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  return async (journeys, startAt, options = {}) => {
    const started = await startHarness(journeys, startAt, { ...defaults, ...options });
    running = started.engine;
    return started;
  };
}

/** An add_to_cart event at the engine's current time. */
export function cart(engine: LocalEngine, eventId: string, customerId: string, cartValue = 80): object {
  return event(engine, eventId, customerId, 'add_to_cart', { cartValue });
}

/** An add_to_cart event `cart-<id>` of each customer id. */
export function carts(engine: LocalEngine, customerIds: readonly string[]): object[] {
  return customerIds.map((id) => cart(engine, `cart-${id}`, id));
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
