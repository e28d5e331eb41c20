import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadDotRenderer } from '../../../report/html/diagram.ts';
import { renderReport } from '../../../report/html/report-page.ts';
import { parseReportFile, reportOfFile } from '../../../report/read/report-file.ts';
import { openPage, type WatchedPage } from '../../support/browser.ts';

// A report that `journeys simulate --customers 400` wrote: what `npm start` writes, smaller.
const FIXTURE = 'test/fixtures/report/simulation-400.report.json';
const report = parseReportFile(JSON.parse(readFileSync(FIXTURE, 'utf8')), FIXTURE);
const count = (value: number) => value.toLocaleString('en-US');

describe('the HTML report in Chromium', () => {
  let server: Server;
  let browser: WatchedPage;
  let url: string;

  beforeAll(async () => {
    const html = renderReport(reportOfFile(report, new Map()), await loadDotRenderer());
    // Served over HTTP, so that every request the page makes goes through the browser's interception.
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/report.html`;
    browser = await openPage();
    await browser.page.goto(url, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  test('loads with no console error and requests nothing but the page itself', async () => {
    // Act
    await browser.screenshot('report');

    // Assess
    expect(browser.errors).toEqual([]);
    expect(browser.requests).toEqual([url]);
  });

  test("shows every journey's funnel chart with its entered and ordered counts, and its diagram", async () => {
    for (const funnel of report.funnels) {
      // Prepare
      const section = browser.page.locator(`section[data-journey="${funnel.journeyId}"]`);
      const treated = Number(funnel.entered) - Number(funnel.heldOut);

      // Act
      const chartText = await section.locator('figure[data-chart="funnel"] svg text').allTextContents();
      const diagramText = await section
        .locator(`figure[data-diagram="${funnel.journeyId}"] svg text`)
        .allTextContents();

      // Assess
      expect(chartText, funnel.journeyId).toEqual(
        expect.arrayContaining([count(treated), count(Number(funnel.ordered))]),
      );
      expect(diagramText, funnel.journeyId).toContain(`entered ${count(Number(funnel.entered))}`);
      expect(await section.locator('figure[data-chart="funnel"] svg').isVisible()).toBe(true);
    }
  });

  test('keeps every label of every chart inside the chart', async () => {
    // Act: the text that reaches past its chart's edges, measured in the browser's own fonts.
    const outside = await browser.page.locator('figure[data-chart] svg').evaluateAll((charts) =>
      charts.flatMap((chart) => {
        const box = chart.getBoundingClientRect();
        return [...chart.querySelectorAll('text')]
          .filter((text) => {
            const each = text.getBoundingClientRect();
            return each.width > 0 && (each.left < box.left - 1 || each.right > box.right + 1);
          })
          .map((text) => `${chart.closest('figure')?.dataset.chart}: ${text.textContent}`);
      }),
    );

    // Assess
    expect(outside).toEqual([]);
  });

  test('shows a row per split variant with its assigned members and orders', async () => {
    // Prepare
    const retouch = report.funnels.find((funnel) => funnel.journeyId === 'retouch-non-converters');
    const variant = (name: string) =>
      retouch?.rows?.find((row) => row.stepId === 'split-offer' && row.variant === name)?.counts ?? {};

    // Act
    const rows = await browser.page
      .locator('section[data-journey="retouch-non-converters"] table[data-table="variants"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')));

    // Assess
    expect(rows.map((cells) => [cells[0], cells[2], cells[5]])).toEqual(
      ['a', 'b'].map((name) => [name, count(variant(name).assigned ?? 0), count(variant(name).ordered ?? 0)]),
    );
  });
});
