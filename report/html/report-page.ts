import { dailyChartOption } from '../charts/daily-chart.ts';
import { renderChart } from '../charts/render-chart.ts';
import type { DayCounts, ReportData } from '../model/report-data.ts';
import { billSection } from './bill-section.ts';
import type { DotRenderer } from './diagram.ts';
import { journeySection } from './journey-section.ts';
import { waitingEntries } from './live-section.ts';
import { html, type Markup, trusted } from './markup.ts';
import { page } from './page.ts';

function dailySection(daily: readonly DayCounts[], journeys: ReportData['journeys']): Markup {
  const journeyIds = journeys.map((view) => view.journey.id);
  // Days are dated in the campaign's time zone, as the simulation's progress lines date them.
  const zone = journeys.map((view) => view.journey.campaign?.timezone).find((each) => each !== undefined);
  return html`<section id="daily" data-section="daily">
<h2>Day by day</h2>
<div class="grid">
<figure data-chart="daily-entries">${trusted(renderChart(dailyChartOption(daily, journeyIds, 'entered', zone), 600, 320))}</figure>
<figure data-chart="daily-orders">${trusted(renderChart(dailyChartOption(daily, journeyIds, 'ordered', zone), 600, 320))}</figure>
</div>
</section>`;
}

/** The whole report as one self-contained HTML document. */
export function renderReport(data: ReportData, renderDot: DotRenderer): string {
  const body = html`<header>
<h1>${data.title}</h1>
<p class="muted" data-source>${data.source}</p>
<nav>${data.journeys.map((view) => html`<a href="#journey-${view.journey.id}">${view.journey.name}</a>`)}${data.daily?.length ? html`<a href="#daily">day by day</a>` : ''}${data.bill ? html`<a href="#bill">AWS bill</a>` : ''}</nav>
</header>
<main>
${data.live ? html`<section id="waiting" data-section="waiting"><h2>Waiting to start</h2>${waitingEntries(data.live)}</section>` : ''}
${data.journeys.length === 0 ? html`<p>No journey to report.</p>` : ''}
${data.journeys.map((view) => journeySection(view, renderDot, data.live))}
${data.daily && data.daily.length > 0 ? dailySection(data.daily, data.journeys) : ''}
${data.bill ? billSection(data.bill) : ''}
</main>
<footer class="note">Every number is defined in docs/metrics.md: what counts as entered, reached, carted and ordered, the attribution window, and each interval with its reference. Charts by Apache ECharts (server-side SVG), diagrams by Graphviz.</footer>`;
  return page({
    title: data.title,
    body,
    ...(data.refreshSeconds ? { refreshSeconds: data.refreshSeconds } : {}),
  });
}
