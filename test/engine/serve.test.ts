import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningServer, serve } from '../../engine/serve.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';

describe('journeys serve', () => {
  let running: RunningServer;
  let outbox: string;
  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'journeys-serve-'));
    outbox = join(folder, 'outbox.jsonl');
    running = await serve({
      catalog: await catalogFromWorkspace('workflows', ['cart-nudge']),
      port: 0,
      outboxFile: outbox,
    });
  });

  afterAll(async () => {
    await running?.close();
  });

  test('answers health checks', async () => {
    const response = await fetch(url('/health'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  test('POST /events accepts a valid event and rejects a malformed one, each with its own result', async () => {
    // Prepare
    const at = new Date().toISOString();
    const events = [
      { eventId: 'serve-1', customerId: 'c1', name: 'add_to_cart', at, properties: { cartValue: 80 } },
      { eventId: 'serve-2', customerId: 'c1', name: 'add_to_cart', at, properties: { cartValue: 'lots' } },
    ];
    // Act
    const response = await fetch(url('/events'), { method: 'POST', body: JSON.stringify({ events }) });
    const body = (await response.json()) as {
      results: { status: string; enrolled?: string[]; problems?: { path: string }[] }[];
    };
    // Assess
    expect(response.status).toBe(200);
    expect(body.results[0]).toMatchObject({ status: 'accepted', enrolled: ['cart-nudge'] });
    expect(body.results[1]?.status).toBe('rejected');
    expect(body.results[1]?.problems?.map((problem) => problem.path)).toContain('properties.cartValue');
  });

  test('refuses a body that is not JSON with 400, and unknown paths with 404', async () => {
    expect((await fetch(url('/events'), { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await fetch(url('/nope'))).status).toBe(404);
    expect((await fetch(url('/events'))).status).toBe(405);
  });

  test('writes nothing to the outbox before any message is due', () => {
    expect(() => readFileSync(outbox, 'utf8')).toThrow();
  });
});
