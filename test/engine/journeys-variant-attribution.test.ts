import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import type { LocalEngine } from '../../engine/engine.ts';
import { assignVariant, isHeldOut } from '../../workflows/evaluation/assignment.ts';
import type { SplitVariant } from '../../workflows/schema/index.ts';
import {
  event,
  funnelTotal,
  type Harness,
  post,
  postAndTick,
  profile,
  startHarness,
} from '../support/engine/engine-harness.ts';

const WORKSPACE = fileURLToPath(new URL('../fixtures/workspaces/split', import.meta.url));
const JOURNEY = 'split-test';
const SPLIT = 'split-wait';
const VARIANTS: SplitVariant[] = [
  { name: 'short', weight: 50, next: 'wait-1h' },
  { name: 'long', weight: 50, next: 'wait-1d' },
];

/** Customer ids in the given group: held out, or treated and assigned the variant. */
function idsIn(group: 'short' | 'long' | 'holdout', count: number): string[] {
  const ids: string[] = [];
  for (let n = 0; ids.length < count; n += 1) {
    const id = `${group}-${n}`;
    const heldOut = isHeldOut(JOURNEY, id, 20);
    if (
      group === 'holdout' ? heldOut : !heldOut && assignVariant(JOURNEY, SPLIT, id, VARIANTS).name === group
    )
      ids.push(id);
  }
  return ids;
}

describe('orders by split variant', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.engine.stop();
  });

  test('each variant is credited with the orders of the treated members assigned to it, once per member', async () => {
    // Prepare: three members assigned "short", two "long", one held out; all cart, then some buy.
    const short = idsIn('short', 3);
    const long = idsIn('long', 2);
    const held = idsIn('holdout', 1);
    harness = await startHarness([JOURNEY], '2027-06-11T02:00:00Z', { workspace: WORKSPACE });
    const engine: LocalEngine = harness.engine;
    const everyone = [...short, ...long, ...held];
    await engine.deps.stores.customers.putMany(
      everyone.map((id) => profile(id, { timezone: 'UTC', consent: { email: true } })),
    );
    const buy = (eventId: string, customerId: string, orderValue: number) =>
      event(engine, eventId, customerId, 'purchase', { orderId: eventId, orderValue });

    // Act
    await postAndTick(
      engine,
      everyone.map((id) => event(engine, `cart-${id}`, id, 'add_to_cart', { cartValue: 80 })),
    );
    await post(engine, [
      buy('order-1', short[0] ?? '', 100),
      buy('order-2', short[1] ?? '', 50),
      buy('order-3', long[0] ?? '', 70),
      buy('order-4', held[0] ?? '', 30),
    ]);
    // A second order of a member who already ordered adds revenue, not an orderer.
    await post(engine, [buy('order-5', short[0] ?? '', 20)]);

    // Assess
    const at = (variant: string, metric: 'assigned' | 'entered' | 'ordered' | 'revenue') =>
      funnelTotal(engine, JOURNEY, metric, { stepId: SPLIT, variant });
    expect([
      await at('short', 'assigned'),
      await at('short', 'entered'),
      await at('short', 'ordered'),
    ]).toEqual([3, 3, 2]);
    expect([await at('long', 'assigned'), await at('long', 'entered'), await at('long', 'ordered')]).toEqual([
      2, 2, 1,
    ]);
    expect([await at('short', 'revenue'), await at('long', 'revenue')]).toEqual([170, 70]);
    // The journey's own counts are as before: treated and holdout, every order once.
    const journey = (variant: string) =>
      funnelTotal(engine, JOURNEY, 'ordered', { stepId: '$journey', variant });
    expect([await journey('treated'), await journey('holdout')]).toEqual([3, 1]);
    expect(await funnelTotal(engine, JOURNEY, 'offerCost')).toBe(0);
  });
});
