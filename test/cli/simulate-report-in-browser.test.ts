import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { count, points, times } from '../../report/html/format.ts';
import { openPage, type WatchedPage } from '../support/browser.ts';
import { type CliResult, journeys } from '../support/cli.ts';

interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}
interface Funnel {
  journeyId: string;
  entered: number;
  statistics?: { lift?: Interval & { significant: boolean }; incremental?: { roi?: Interval } };
}

/** The label the report's interval charts put over a point: "+3.1 (−1.7 to +7.8)". */
const label = (interval: Interval, format: (value: number) => string) =>
  `${format(interval.estimate)} (${format(interval.lower)} to ${format(interval.upper)})`;
const pts = (value: number) => points(value).replace(' pts', '');

// What `npm start` runs (simulate --days 12 --seed 618), with fewer customers so that it takes under a minute.
describe('the report `journeys simulate` writes, as npm start runs it, in Chromium', () => {
  let result: CliResult;
  let funnels: Funnel[];
  let page: string;
  let server: Server;
  let browser: WatchedPage;
  let url: string;

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'journeys-start-'));
    const report = join(folder, 'report.json');
    result = await journeys(
      'simulate',
      '--customers',
      '150',
      '--days',
      '12',
      '--seed',
      '618',
      '--report',
      report,
    );
    funnels = JSON.parse(readFileSync(report, 'utf8')).funnels;
    page = join(folder, 'report.html');
    // The file as written, served over HTTP so that every request the page makes passes the interception.
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(readFileSync(page));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/report.html`;
    browser = await openPage();
    await browser.page.goto(url, { waitUntil: 'load' });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  test('prints each measured lift and incremental ROI with its interval, and where the HTML went', () => {
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`HTML report written to ${page}\n`);
    const measured = funnels.filter((funnel) => funnel.statistics?.lift);
    expect(measured.length).toBeGreaterThan(0);
    for (const funnel of measured) {
      const line = result.stdout.split('\n').find((each) => each.startsWith(`  ${funnel.journeyId}: lift`));
      const verdict = funnel.statistics?.lift?.significant ? 'significant' : 'not significant';
      expect(line, funnel.journeyId).toMatch(
        new RegExp(`lift [+−]\\d+\\.\\d pts \\(95% CI [+−]\\d+\\.\\d to [+−]\\d+\\.\\d\\), ${verdict};`),
      );
      if (funnel.statistics?.incremental?.roi)
        expect(line, funnel.journeyId).toMatch(/incremental ROI −?\d+\.\dx \(−?\d+\.\dx to −?\d+\.\dx\)/);
    }
  });

  test('opens with no console error and requests nothing but the page itself', async () => {
    // Act
    await browser.screenshot('simulate-report');

    // Assess
    expect(browser.errors).toEqual([]);
    expect(browser.requests).toEqual([url]);
  });

  test("shows every journey's funnel chart and its diagram with the journey's entries", async () => {
    expect(funnels.map((funnel) => funnel.journeyId)).toEqual([
      'cart-nudge',
      'first-purchase-gift',
      'preheat-618',
      'retouch-non-converters',
    ]);
    for (const funnel of funnels) {
      // Prepare
      const section = browser.page.locator(`section[data-journey="${funnel.journeyId}"]`);

      // Act
      const chart = section.locator('figure[data-chart="funnel"] svg');
      const diagramText = await section
        .locator(`figure[data-diagram="${funnel.journeyId}"] svg text`)
        .allTextContents();

      // Assess
      expect(await chart.isVisible(), funnel.journeyId).toBe(true);
      expect(diagramText, funnel.journeyId).toContain(`entered ${count(funnel.entered)}`);
    }
  });

  test('draws each measured lift and incremental ROI as a point with its interval', async () => {
    for (const funnel of funnels.filter((each) => each.statistics?.lift)) {
      // Prepare
      const section = browser.page.locator(`section[data-journey="${funnel.journeyId}"]`);
      const { lift, incremental } = funnel.statistics ?? {};

      // Act
      const liftText = await section.locator('figure[data-chart="lift"] svg text').allTextContents();
      const roiText = await section.locator('figure[data-chart="roi"] svg text').allTextContents();

      // Assess
      if (lift) expect(liftText, funnel.journeyId).toContain(label(lift, pts));
      if (incremental?.roi) expect(roiText, funnel.journeyId).toContain(label(incremental.roi, times));
    }
  });
});
