import { describe, expect, test } from 'vitest';
import { dayDate } from '../../../report/charts/daily-chart.ts';
import { loadDotRenderer } from '../../../report/html/diagram.ts';
import { escapeHtml, html, trusted } from '../../../report/html/markup.ts';
import { renderReport } from '../../../report/html/report-page.ts';
import { journeyView } from '../../../report/model/journey-view.ts';
import { aggregateRows } from '../../../report/model/step-rows.ts';
import { Journey } from '../../../workflows/schema/index.ts';

const renderDot = await loadDotRenderer();

/** A journey whose free text tries to break out of the page. */
const hostile = Journey.parse({
  id: 'hostile-names',
  name: '<script>alert("name")</script>',
  description: 'Ends a tag: </p><img src=x onerror=alert(1)>',
  version: 1,
  trigger: {
    kind: 'event',
    event: 'add_to_cart',
    filter: [{ property: 'sku', op: 'eq', value: '</svg><script>alert(2)</script>' }],
  },
  holdout: 10,
  steps: [
    {
      id: 'route',
      label: '<b onmouseover=alert(3)>route</b>',
      kind: 'branch',
      cases: [{ when: { attribute: 'city', op: 'eq', value: '"><script>alert(4)</script>' }, next: 'done' }],
      default: 'done',
    },
    { id: 'done', kind: 'exit' },
  ],
});

const rows = aggregateRows([
  {
    journeyId: hostile.id,
    runId: 'r',
    stepId: '$journey',
    variant: 'treated',
    counts: { entered: 1234, ordered: 321 },
  },
  {
    journeyId: hostile.id,
    runId: 'r',
    stepId: '$journey',
    variant: 'holdout',
    counts: { entered: 140, heldOut: 140, ordered: 20 },
  },
  { journeyId: hostile.id, runId: 'r', stepId: 'route', variant: 'case-0', counts: { entered: 1000 } },
  { journeyId: hostile.id, runId: 'r', stepId: 'done', variant: 'treated', counts: { exited: 1234 } },
]);

describe('the HTML report', () => {
  const page = renderReport(
    { title: 'Report <of> "tests"', source: 'From a test.', journeys: [journeyView(hostile, rows)] },
    renderDot,
  );

  test('writes every string from data as text: no tag or attribute of it survives', () => {
    // Assess
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toMatch(/<b onmouseover/i);
    expect(page).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
    expect(page).toContain('<title>Report &lt;of&gt; &quot;tests&quot;</title>');
  });

  test('refers to nothing outside itself: no script, stylesheet, image or font to fetch', () => {
    // Assess
    expect(page).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    expect(page).not.toMatch(/\b(src|href)="(?!#)/i);
    expect(page).not.toMatch(/url\(|@import/i);
  });

  test("draws the journey's funnel, lift and steps as charts and its diagram, with the counts in their text", () => {
    // Assess
    for (const chart of ['funnel', 'lift', 'steps']) expect(page).toContain(`data-chart="${chart}"`);
    const funnel = page.slice(
      page.indexOf('data-chart="funnel"'),
      page.indexOf('</figure>', page.indexOf('data-chart="funnel"')),
    );
    expect(funnel).toContain('>1,234</text>');
    expect(funnel).toContain('>321</text>');
    const diagram = page.slice(page.indexOf('data-diagram="hostile-names"'));
    expect(diagram).toContain('<svg');
    expect(diagram).toContain('entered 1,374');
    expect(diagram).toContain('exited 1,234');
    // The branch's count is named by the condition its edge carries, not by its case number.
    expect(diagram).toMatch(/>city [^<]*: 1,000</);
    expect(diagram).not.toContain('case 1');
  });

  test('says the holdout a positive lift that is not significant would need, beside the detectable lift', () => {
    // Prepare: 4.4% against 4.0% on a 5% holdout of 100,000.
    const journey = Journey.parse({ ...hostile, id: 'faint-lift', holdout: 5 });
    const row = (variant: string, counts: Record<string, number>) => ({
      journeyId: journey.id,
      runId: 'r',
      stepId: '$journey',
      variant,
      counts,
    });
    const view = journeyView(
      journey,
      aggregateRows([
        row('treated', { entered: 95_000, ordered: 4180 }),
        row('holdout', { entered: 5000, heldOut: 5000, ordered: 200 }),
      ]),
    );
    const share = view.statistics.holdoutForLift?.share ?? Number.NaN;

    // Act
    const faint = renderReport({ title: 't', source: 's', journeys: [view] }, renderDot);

    // Assess
    expect(faint).toContain(
      `<b>${Math.ceil(share * 100)}%</b><span>holdout to detect +0.4 pts at 80% power</span>`,
    );
    expect(page).not.toContain('holdout to detect');
  });

  test('the dashboard alone reloads itself', () => {
    // Act
    const live = renderReport({ title: 't', source: 's', journeys: [], refreshSeconds: 3 }, renderDot);

    // Assess
    expect(live).toContain('<meta http-equiv="refresh" content="3">');
    expect(page).not.toContain('http-equiv="refresh"');
  });
});

describe('markup', () => {
  test('escapes the five characters that can end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  test('escapes interpolated values but keeps trusted markup and nested templates', () => {
    // Act
    const cell = html`<td>${'<i>'}</td>${trusted('<svg></svg>')}${html`<b>${'&'}</b>`}${[1, '<', undefined]}`;

    // Assess
    expect(cell.text).toBe('<td>&lt;i&gt;</td><svg></svg><b>&amp;</b>1&lt;');
  });
});

describe('the days of the time series', () => {
  test("are dated in the campaign's time zone, as the simulation's progress dates them", () => {
    // A day that begins at 16:00 UTC is the next day in Shanghai.
    expect(dayDate('2027-06-10T16:00:00.000Z', 'Asia/Shanghai')).toBe('06-11');
    expect(dayDate('2027-06-10T16:00:00.000Z')).toBe('06-10');
  });
});
