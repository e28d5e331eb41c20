import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningServer, serve } from '../../../engine/serve.ts';
import {
  cohortWindowMs,
  windowReadyAt,
  windowStart,
} from '../../../functions/commons/cohorts/cohort-window.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';
import { openPage, type WatchedPage } from '../../support/browser.ts';

const START = Date.parse('2027-06-11T02:05:00Z');

/** Resolves at the first page load whose request starts from now on: the next refresh, not one under way. */
function nextRefresh(browser: WatchedPage, pageUrl: string): Promise<void> {
  return new Promise((resolve) => {
    let started = false;
    browser.page.on('request', (request) => {
      if (request.url() === pageUrl) started = true;
    });
    browser.page.on('load', () => {
      if (started) resolve();
    });
  });
}

const cell = (browser: WatchedPage, table: string, column: number) =>
  browser.page
    .locator(`table[data-table="${table}"] tbody tr`)
    .first()
    .locator('th, td')
    .nth(column)
    .textContent();

describe('the live report of journeys serve, in Chromium', () => {
  let running: RunningServer;
  let browser: WatchedPage;
  let pageUrl: string;
  let windowMs: number;

  beforeAll(async () => {
    const catalog = await catalogFromWorkspace('workflows', ['cart-nudge']);
    const cartNudge = catalog.journeys.get('cart-nudge');
    if (!cartNudge) throw new Error('the built-in cart-nudge journey is missing');
    windowMs = cohortWindowMs(cartNudge);
    running = await serve({
      catalog,
      port: 0,
      outboxFile: join(mkdtempSync(join(tmpdir(), 'journeys-dashboard-')), 'outbox.jsonl'),
      // The test moves the clock and ticks; nothing follows the real one.
      startAt: START,
    });
    pageUrl = `http://127.0.0.1:${running.port}/?refresh=1`;
    browser = await openPage();
    await browser.page.goto(pageUrl, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  test('shows 20 posted carts waiting in their cohort window within one refresh, then their run once it starts', async () => {
    // Prepare: nothing waits yet.
    expect(await browser.page.locator('[data-waiting="0"]').count()).toBe(1);
    const events = Array.from({ length: 20 }, (_, n) => ({
      eventId: `dashboard-${n}`,
      customerId: `shopper-${n}`,
      name: 'add_to_cart',
      at: new Date(START).toISOString(),
      properties: { cartValue: 80 },
    }));

    // Act: post the carts, and wait for the page's next refresh.
    const response = await fetch(`http://127.0.0.1:${running.port}/events`, {
      method: 'POST',
      body: JSON.stringify({ events }),
    });
    expect(response.status).toBe(200);
    await nextRefresh(browser, pageUrl);

    // Assess: cart-nudge gathers an hour of carts, so they wait for the cohort that starts after 03:00.
    expect(await cell(browser, 'waiting', 0)).toBe('cart-nudge');
    expect(await cell(browser, 'waiting', 2)).toBe('20');
    const startsAt = windowReadyAt(windowStart(START, windowMs), windowMs);
    expect(await cell(browser, 'waiting', 3)).toBe(
      `${new Date(startsAt).toISOString().slice(0, 19).replace('T', ' ')} UTC`,
    );

    // Act: the window's cohort starts.
    await running.engine.advanceTo(startsAt);
    await running.engine.tick();
    await running.engine.clock.idle();
    await nextRefresh(browser, pageUrl);

    // Assess: the run took all 20, and none wait.
    expect(await cell(browser, 'runs', 3)).toBe('20');
    expect(await browser.page.locator('[data-waiting="0"]').count()).toBe(1);
    const kpis = await browser.page
      .locator('section[data-journey="cart-nudge"] [data-kpis] .kpi')
      .allTextContents();
    expect(kpis).toContain('20entered');
    expect(
      await browser.page.locator('figure[data-diagram="cart-nudge"] svg text').allTextContents(),
    ).toContain('entered 20');
    await browser.screenshot('dashboard');
    expect(browser.errors).toEqual([]);
    expect(new Set(browser.requests)).toEqual(new Set([pageUrl]));
  }, 120_000);
});
