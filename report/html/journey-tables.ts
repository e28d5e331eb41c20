import { wilsonInterval } from '../../workflows/statistics/proportion.ts';
import type { JourneyView } from '../model/journey-view.ts';
import { MESSAGE_OUTCOMES } from '../model/messages.ts';
import type { SplitView } from '../model/splits.ts';
import { count, money, percent, points, withInterval } from './format.ts';
import { html, type Markup } from './markup.ts';
import { table } from './tables.ts';

const cvr = (ordered: number, customers: number) =>
  customers >= ordered && customers > 0 ? withInterval(wilsonInterval(ordered, customers), percent) : '—';

/** The funnel's numbers, a row per group: the treated, the holdout and each split variant. */
export function funnelTable(view: JourneyView): Markup {
  const { funnel } = view;
  const rows = [
    [
      'treated',
      count(funnel.treated),
      funnel.reached === undefined ? '—' : count(funnel.reached),
      count(funnel.carted),
      count(funnel.ordered),
      cvr(funnel.ordered, funnel.treated),
    ],
  ];
  if (view.journey.holdout > 0)
    rows.push([
      'holdout',
      count(funnel.heldOut),
      '—',
      count(funnel.holdoutCarted),
      count(funnel.holdoutOrdered),
      cvr(funnel.holdoutOrdered, funnel.heldOut),
    ]);
  for (const split of view.splits)
    for (const variant of split.variants)
      rows.push([
        `${split.stepId}: ${variant.name}`,
        count(variant.assigned),
        '—',
        count(variant.carted),
        count(variant.ordered),
        cvr(variant.ordered, variant.assigned),
      ]);
  return table('funnel', ['group', 'entered', 'reached', 'carted', 'ordered', 'CVR (95% CI)'], rows);
}

/** A split's variants, a row each, with each one's difference from the holdout, and the pairs of variants. */
export function variantsTable(split: SplitView): Markup {
  const { comparisons, adjustedConfidence, winner } = split.comparisons;
  const versus = (first: string, second: string) =>
    comparisons.find((each) => each.first === first && each.second === second);
  const difference = (first: string, second: string) => {
    const found = versus(first, second);
    return found
      ? `${withInterval(found.difference, points)}${found.significant ? ', significant' : ', not significant'}`
      : '—';
  };
  const rows = split.variants.map((variant) => [
    variant.name,
    `${variant.weight}%`,
    count(variant.assigned),
    count(variant.entered),
    count(variant.carted),
    count(variant.ordered),
    money(variant.revenue),
    cvr(variant.ordered, variant.assigned),
    difference(variant.name, 'holdout'),
  ]);
  const pairs = comparisons.filter((each) => each.second !== 'holdout');
  return html`<h3>Variants of ${split.stepId}</h3>
${table('variants', ['variant', 'weight', 'assigned', 'reached the split', 'carted', 'ordered', 'revenue', 'CVR (95% CI)', 'vs holdout'], rows)}
${
  pairs.length > 0
    ? table(
        'variant-pairs',
        ['comparison', 'difference in CVR'],
        pairs.map((pair) => [`${pair.first} − ${pair.second}`, difference(pair.first, pair.second)]),
      )
    : ''
}
<p class="note">Orders are attributed to the variant each treated customer is assigned, whether or not they reached the split (intention to treat). Each interval is at ${(adjustedConfidence * 100).toFixed(1)}% so that the ${comparisons.length} comparisons hold together at 95% (Bonferroni). ${winner ? html`<b>Winner: ${winner}</b>, whose intervals against every other variant exclude zero.` : 'No winner: no variant beats every other with an interval that excludes zero.'}</p>`;
}

/** Each holdout step's two groups, with the lift of the steps after it over those it held out. */
export function holdoutStepsTable(view: JourneyView): Markup {
  const rows = view.holdoutSteps.flatMap((step) => {
    const lift = step.statistics.lift;
    const liftText = lift
      ? `${withInterval(lift, points)}${lift.significant ? ', significant' : ', not significant'}`
      : '—';
    return [
      [
        `${step.stepId}: went on`,
        count(step.treated.customers),
        count(step.treated.ordered),
        money(step.treated.revenue),
        cvr(step.treated.ordered, step.treated.customers),
        liftText,
      ],
      [
        `${step.stepId}: held out (${step.percent}%)`,
        count(step.holdout.customers),
        count(step.holdout.ordered),
        money(step.holdout.revenue),
        cvr(step.holdout.ordered, step.holdout.customers),
        '—',
      ],
    ];
  });
  return html`<h3>Holdout steps</h3>
${table('holdout-steps', ['group', 'passed the step', 'ordered after', 'revenue after', 'CVR (95% CI)', 'lift of the steps after it'], rows)}
<p class="note">Orders count for a group when they come after its customers passed the step; the lift compares those who went on with those the step held out.</p>`;
}

/** Each send step's messages by outcome, and who left at the goal before it. */
export function messagesTable(view: JourneyView): Markup {
  const outcomes = MESSAGE_OUTCOMES.filter(({ metric }) =>
    view.messages.some((step) => step.outcomes[metric] > 0),
  );
  return table(
    'messages',
    ['step', 'channel', ...outcomes.map((outcome) => outcome.label), 'left at the goal'],
    view.messages.map((step) => [
      step.stepId,
      step.channel,
      ...outcomes.map(({ metric }) => count(step.outcomes[metric])),
      count(step.leftAtGoal),
    ]),
  );
}
