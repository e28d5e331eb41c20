import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningServer, serve } from '../../engine/serve.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';

// The customer-rights routes over HTTP on `journeys serve`, as an app's backend calls them.
const START = Date.parse('2027-06-11T02:00:00Z');

let running: RunningServer;
const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;

beforeAll(async () => {
  const outboxFile = join(mkdtempSync(join(tmpdir(), 'journeys-rights-')), 'outbox.jsonl');
  running = await serve({
    catalog: await catalogFromWorkspace('workflows', ['cart-nudge']),
    port: 0,
    outboxFile,
    startAt: START,
  });
}, 60_000);
afterAll(async () => {
  await running?.close();
});

describe('the customer-rights routes on journeys serve', () => {
  test('GET /customers/{id}/export answers the profile and timeline; DELETE erases them, and again answers the same', async () => {
    // Prepare
    const at = new Date(START).toISOString();
    const events = [
      {
        eventId: 'signup-http',
        customerId: 'rights-http-1',
        name: 'signup',
        at,
        properties: { email: 'rights.http@example.com', consent: { email: true } },
      },
    ];
    await fetch(url('/events'), { method: 'POST', body: JSON.stringify({ events }) });

    // Act
    const exported = await fetch(url('/customers/rights-http-1/export'));
    const erased = await fetch(url('/customers/rights-http-1'), { method: 'DELETE' });
    const again = await fetch(url('/customers/rights-http-1'), { method: 'DELETE' });
    const after = await fetch(url('/customers/rights-http-1/export'));

    // Assess
    expect(exported.status).toBe(200);
    expect(await exported.json()).toMatchObject({
      customerId: 'rights-http-1',
      profile: { email: 'rights.http@example.com' },
      timeline: [{ eventId: 'signup-http', name: 'signup' }],
    });
    expect(erased.status).toBe(200);
    const answer = await erased.json();
    expect(answer).toMatchObject({ erased: true, removed: { profile: 1, timelineEvents: 1 } });
    expect(await again.json()).toEqual(answer);
    expect(await after.json()).toMatchObject({
      profile: null,
      timeline: [],
      erasure: { erasedAt: answer.erasedAt },
    });
  });

  test('refuses an id the events API would not take with 400, naming the field, and a wrong method with 405', async () => {
    // Act
    const bad = await fetch(url(`/customers/${encodeURIComponent('no spaces')}`), { method: 'DELETE' });
    const wrong = await fetch(url('/customers/c1'), { method: 'GET' });
    const wrongExport = await fetch(url('/customers/c1/export'), { method: 'DELETE' });

    // Assess
    expect(bad.status).toBe(400);
    expect((await bad.json()) as { problems: { path: string }[] }).toMatchObject({
      problems: [{ path: 'path.id' }],
    });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('DELETE');
    expect(wrongExport.status).toBe(405);
    expect(wrongExport.headers.get('allow')).toBe('GET');
    expect(await running.engine.deps.stores.erasures.wereErased(['no spaces', 'c1'])).toEqual(new Map());
  });
});
