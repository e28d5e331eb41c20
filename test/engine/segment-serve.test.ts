import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Analytics } from '@segment/analytics-node';
import { afterEach, describe, expect, test } from 'vitest';
import { type RunningServer, serve } from '../../engine/serve.ts';
import { cohortWindowMs, windowReadyAt, windowStart } from '../../functions/commons/cohorts/cohort-window.ts';
import type { EventResult } from '../../workflows/contracts/customer.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { funnelTotal, HOUR_MS, idsFor, playUntil } from '../support/engine/engine-harness.ts';

// Segment's own Node library, unchanged but for its host, against `journeys serve` on 127.0.0.1:
// identify and Product Added enter cart-nudge, Order Completed counts as ordered in its funnel, a
// wrong write key is refused, and a batch sent again is a duplicate.
const WRITE_KEY = 'segment-test-write-key-0123';
const START = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(): Promise<RunningServer> {
  running = await serve({
    catalog: await catalogFromWorkspace('workflows', ['cart-nudge']),
    port: 0,
    outboxFile: join(mkdtempSync(join(tmpdir(), 'journeys-segment-')), 'outbox.jsonl'),
    // The engine's clock, moved by the test. The client stamps its calls and batches with the
    // wall clock, months off it: Segment's sentAt correction puts them at the engine's time.
    startAt: START,
    segmentWriteKey: WRITE_KEY,
  });
  return running;
}

/** A Segment client of `server`, recording what it sent and what it was answered. */
function client(server: RunningServer, writeKey = WRITE_KEY) {
  const analytics = new Analytics({
    writeKey,
    host: `http://127.0.0.1:${server.port}`,
    flushAt: 2,
    maxRetries: 0,
  });
  const sent: { body: string; headers: Record<string, string> }[] = [];
  const statuses: number[] = [];
  analytics.on('http_request', (request) =>
    sent.push({ body: String(request.body), headers: request.headers }),
  );
  analytics.on('http_response', (response) => statuses.push(response.status));
  return { analytics, sent, statuses };
}

describe('Segment calls from @segment/analytics-node to journeys serve', () => {
  test('identify and Product Added enter cart-nudge, and Order Completed counts as ordered', async () => {
    // Prepare: a shopper cart-nudge does not hold out
    const server = await start();
    const [shopper] = idsFor('segment-shopper', 1, { treatedIn: ['cart-nudge'] }) as [string];
    const { analytics, statuses } = client(server);

    // Act: who they are and what they added, in one batch
    analytics.identify({
      userId: shopper,
      traits: { email: 'shopper@example.com', firstName: 'Ana' },
      context: { timezone: 'Asia/Shanghai' },
    });
    analytics.track({
      userId: shopper,
      event: 'Product Added',
      properties: { product_id: 'p-1', sku: 'SKU-1', price: 30, quantity: 2 },
    });
    await analytics.flush();
    const cartNudge = server.engine.deps.catalog.journeys.get('cart-nudge');
    if (!cartNudge) throw new Error('no cart-nudge in the catalog');
    const window = cohortWindowMs(cartNudge);
    await playUntil(server.engine, windowReadyAt(windowStart(START, window), window));
    analytics.track({
      userId: shopper,
      event: 'Order Completed',
      properties: {
        order_id: 'order-1',
        revenue: 60,
        products: [{ product_id: 'p-1', price: 30, quantity: 2 }],
      },
    });
    await analytics.closeAndFlush();
    await playUntil(server.engine, server.engine.clock.now() + HOUR_MS);

    // Assess
    expect(statuses).toEqual([200, 200]);
    const profile = await server.engine.deps.stores.customers.get(shopper);
    expect(profile).toMatchObject({
      email: 'shopper@example.com',
      timezone: 'Asia/Shanghai',
      attributes: { first_name: 'Ana' },
    });
    expect(await funnelTotal(server.engine, 'cart-nudge', 'entered')).toBe(1);
    expect(await funnelTotal(server.engine, 'cart-nudge', 'ordered')).toBe(1);
    expect(await funnelTotal(server.engine, 'cart-nudge', 'revenue')).toBe(60);
  });

  test('a wrong write key is refused with 401 and writes nothing', async () => {
    // Prepare
    const server = await start();
    const before = server.engine.usage.total();
    const { analytics, statuses } = client(server, 'not-the-write-key-at-all');

    // Act
    analytics.track({
      userId: 'intruder',
      event: 'Product Added',
      properties: { price: 99 },
    });
    await analytics.closeAndFlush();

    // Assess
    expect(statuses).toEqual([401]);
    expect(server.engine.usage.total()).toBe(before);
    expect(await server.engine.deps.stores.customers.get('intruder')).toBeUndefined();
  });

  test('a batch sent again (the same messageIds) is a duplicate, and enters no one twice', async () => {
    // Prepare: a batch the library sent and was answered
    const server = await start();
    const { analytics, sent } = client(server);
    analytics.identify({
      userId: 'retry-1',
      traits: { email: 'retry@example.com' },
    });
    analytics.track({
      userId: 'retry-1',
      event: 'Product Added',
      properties: { price: 80 },
    });
    await analytics.closeAndFlush();
    const [first] = sent as [{ body: string; headers: Record<string, string> }];

    // Act: the same request again, as a library's retry sends it
    const again = await fetch(`http://127.0.0.1:${server.port}/v1/batch`, {
      method: 'POST',
      headers: first.headers,
      body: first.body,
    });
    const answer = (await again.json()) as { success: boolean; results: EventResult[] };

    // Assess
    expect(again.status).toBe(200);
    expect(answer.success).toBe(true);
    expect(answer.results.map((result) => result.status)).toEqual(['duplicate', 'duplicate']);
    const timeline = await server.engine.deps.stores.events.timeline(
      'retry-1',
      0,
      server.engine.clock.now() + HOUR_MS,
    );
    expect(timeline.map((event) => event.name).sort()).toEqual(['add_to_cart', 'profile_updated']);
  });
});
