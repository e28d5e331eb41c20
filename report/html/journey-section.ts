import { triggerText } from '../../workflows/diagram/diagram-graph.ts';
import { funnelChartOption } from '../charts/funnel-chart.ts';
import {
  liftChartOption,
  MESSAGES_CHART_WIDTH,
  messagesChartOption,
  roiChartOption,
  stepsChartOption,
} from '../charts/journey-charts.ts';
import { renderChart } from '../charts/render-chart.ts';
import type { JourneyView } from '../model/journey-view.ts';
import type { LiveState } from '../model/report-data.ts';
import { type DotRenderer, journeyDiagram } from './diagram.ts';
import { count, money, percent, points, times, withInterval } from './format.ts';
import { funnelTable, holdoutStepsTable, messagesTable, variantsTable } from './journey-tables.ts';
import { liveJourney } from './live-section.ts';
import { html, type Markup, trusted } from './markup.ts';

/** A chart in a figure that names it, so a reader (or a test) finds each one by its data-chart. */
function figure(name: string, svg: string): Markup {
  return html`<figure data-chart="${name}">${trusted(svg)}</figure>`;
}

function kpi(label: string, value: string, className = ''): Markup {
  return html`<div class="kpi ${className}"><b>${value}</b><span>${label}</span></div>`;
}

/** A holdout share as the journey's `holdout:` would say it; past half, a larger holdout detects less. */
const holdoutShare = (share: number | null) =>
  share === null ? 'none up to 50%' : `${Math.ceil(share * 100)}%`;

/** The headline numbers, the lift said significant or not as its interval says. */
function headline(view: JourneyView): Markup {
  const { funnel, statistics } = view;
  const lift = statistics.lift;
  const liftClass = lift?.significant ? `significant${lift.estimate < 0 ? ' down' : ''}` : '';
  return html`<div class="kpis" data-kpis>
${kpi('entered', count(funnel.entered))}
${kpi('held out', count(funnel.heldOut))}
${funnel.reached !== undefined ? kpi('reached', count(funnel.reached)) : ''}
${kpi('carted', count(funnel.carted))}
${kpi('ordered', count(funnel.ordered))}
${kpi('new customers', count(funnel.newCustomers))}
${kpi('revenue', money(funnel.revenue))}
${kpi('offer cost', money(funnel.offerCost))}
${kpi('CVR', withInterval(statistics.cvr, percent))}
${kpi('holdout CVR', withInterval(statistics.holdoutCvr, percent))}
${kpi(lift ? (lift.significant ? 'lift, significant' : 'lift, not significant') : 'lift', lift ? withInterval(lift, points) : 'no holdout', liftClass)}
${kpi('incremental ROI', withInterval(statistics.incremental?.roi, times))}
${statistics.naiveRoi !== undefined ? kpi('naive ROI (credits the baseline)', times(statistics.naiveRoi)) : ''}
${statistics.minimumDetectableLift !== undefined ? kpi('detectable lift at 80% power', points(statistics.minimumDetectableLift)) : ''}
${statistics.holdoutForLift ? kpi(`holdout to detect ${points(statistics.holdoutForLift.lift)} at 80% power`, holdoutShare(statistics.holdoutForLift.share)) : ''}
</div>`;
}

/** Whether any send step decided a message yet: a chart of nothing says nothing. */
const hasMessages = (view: JourneyView) =>
  view.messages.some((step) => Object.values(step.outcomes).some((count) => count > 0));

/** One journey: its numbers, charts, variants, messages, live state and diagram with counts. */
export function journeySection(view: JourneyView, renderDot: DotRenderer, live?: LiveState): Markup {
  const { journey } = view;
  const hasInterval = view.statistics.lift !== undefined || view.statistics.incremental?.roi !== undefined;
  return html`<section class="journey" id="journey-${journey.id}" data-journey="${journey.id}">
<h2>${journey.name} <small>${journey.id} v${journey.version} · ${triggerText(journey)}</small></h2>
<p class="muted">${journey.description}</p>
${headline(view)}
<div class="grid">
${figure('funnel', renderChart(funnelChartOption(view), 600, 340))}
${figure('steps', renderChart(stepsChartOption(view), 600, Math.max(220, 90 + 34 * view.steps.length)))}
${
  hasInterval
    ? figure(
        'lift',
        renderChart(
          liftChartOption(view),
          600,
          140 +
            48 *
              Math.max(
                1,
                view.splits.reduce((sum, split) => sum + split.comparisons.comparisons.length, 1),
              ),
        ),
      )
    : ''
}
${view.statistics.incremental?.roi || view.statistics.naiveRoi !== undefined ? figure('roi', renderChart(roiChartOption(view), 600, 220)) : ''}
</div>
${hasMessages(view) ? figure('messages', renderChart(messagesChartOption(view), MESSAGES_CHART_WIDTH, Math.max(240, 80 + 44 * view.messages.length))) : ''}
<h3>Funnel by group</h3>
${funnelTable(view)}
${view.splits.map((split) => variantsTable(split))}
${view.holdoutSteps.length > 0 ? holdoutStepsTable(view) : ''}
${view.messages.length > 0 ? html`<h3>Messages</h3>${messagesTable(view)}` : ''}
${live ? liveJourney(journey.id, live) : ''}
<h3>Diagram, with each step's counts</h3>
<figure class="diagram" data-diagram="${journey.id}">${journeyDiagram(view, renderDot)}</figure>
</section>`;
}
