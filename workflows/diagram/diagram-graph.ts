import { describeComparison, describeCondition } from '../language/describe-condition.ts';
import { durationSeconds, formatDuration } from '../language/duration.ts';
import { assertUnreachable, END, stepEdges } from '../language/journey-graph.ts';
import type { Journey, Moment, Step } from '../schema/index.ts';
import { entryLabel, journeyFrame, START } from './journey-frame.ts';

export type NodeShape =
  | 'start'
  | 'end'
  | 'wait'
  | 'decision'
  | 'action'
  | 'grant'
  | 'exit'
  | 'holdout'
  | 'goal';

export interface DiagramNode {
  readonly key: string;
  readonly shape: NodeShape;
  /** Lines of text; the first names the step id and kind. */
  readonly lines: readonly string[];
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** Not a step's exit: the holdout beside the entry, or the goal reached from anywhere. */
  readonly dashed?: boolean;
}

export interface DiagramGraph {
  readonly title: string;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/** The journey as boxes and arrows, independent of the drawing format. */
export function diagramGraph(journey: Journey): DiagramGraph {
  const nodes: DiagramNode[] = [{ key: START, shape: 'start', lines: [triggerText(journey)] }];
  const entry = entryLabel(journey);
  const edges: DiagramEdge[] = [
    { from: START, to: journey.steps[0]?.id ?? END, ...(entry ? { label: entry } : {}) },
  ];
  let endsAnywhere = false;
  journey.steps.forEach((step, index) => {
    nodes.push({
      key: step.id,
      shape: shapeOf(step),
      lines: [`${step.id} (${step.kind})`, ...detailLines(step)],
    });
    for (const edge of stepEdges(journey, index)) {
      if (edge.to === END) endsAnywhere = true;
      edges.push({
        from: step.id,
        to: edge.to,
        label: edge.label === 'next' ? undefined : edgeLabel(step, edge.label),
      });
    }
  });
  if (endsAnywhere) nodes.push({ key: END, shape: 'end', lines: ['end'] });
  const frame = journeyFrame(journey);
  nodes.push(...frame.nodes);
  edges.push(...frame.edges);
  return { title: `${journey.name} (${journey.id} v${journey.version})`, nodes, edges };
}

function shapeOf(step: Step): NodeShape {
  switch (step.kind) {
    case 'wait':
    case 'wait_for':
      return 'wait';
    case 'branch':
    case 'split':
      return 'decision';
    case 'send':
    case 'update':
    case 'holdout':
      return 'action';
    case 'grant':
      return 'grant';
    case 'exit':
      return 'exit';
    default:
      return assertUnreachable(step);
  }
}

export function momentText(moment: Moment): string {
  if (typeof moment === 'string') return moment;
  const offset = moment.offset && moment.offset !== '0d' ? ` ${moment.offset}` : '';
  return `${moment.date}${offset}${moment.time ? ` at ${moment.time}` : ''}`;
}

export function triggerText(journey: Journey): string {
  const trigger = journey.trigger;
  if (trigger.kind === 'event') {
    const filter = trigger.filter?.map((condition) =>
      describeComparison(condition.property, condition.op, condition.value),
    );
    return `on event ${trigger.event}${filter?.length ? ` where ${filter.join(' and ')}` : ''}`;
  }
  const when = trigger.at !== undefined ? `at ${momentText(trigger.at)}` : `cron ${trigger.cron}`;
  return `schedule ${when} (${trigger.timezone})`;
}

/** The second line of a step's box: what it does, briefly. */
export function detailLines(step: Step): string[] {
  const label = step.label ? [step.label] : [];
  switch (step.kind) {
    case 'wait':
      return [
        ...label,
        step.duration
          ? `wait ${formatDuration(durationSeconds(step.duration))}`
          : `until ${momentText(step.until ?? '')}`,
      ];
    case 'wait_for':
      return [...label, `wait for ${step.event}, up to ${step.timeout}`];
    case 'send':
      return [...label, `${step.channel}: ${step.template}${step.offer ? ` + ${step.offer}` : ''}`];
    case 'grant':
      return [...label, `${step.offer}${step.once_per_customer ? ' (once per customer)' : ''}`];
    case 'update':
      return [...label, 'update profile'];
    case 'holdout':
      return [...label, `hold out ${step.percent}%`];
    case 'branch':
    case 'split':
    case 'exit':
      return label;
    default:
      return assertUnreachable(step);
  }
}

/** What the edge of a branch case, split variant or wait outcome says: the condition, not "case-0". */
export function edgeLabel(step: Step, label: string): string {
  if (step.kind === 'split') {
    const variant = step.variants.find((candidate) => candidate.name === label);
    return `${label} ${variant?.weight ?? ''}%`;
  }
  if (step.kind === 'branch' && label.startsWith('case-')) {
    const branchCase = step.cases[Number(label.slice(5))];
    return branchCase ? describeCondition(branchCase.when) : label;
  }
  if (step.kind === 'branch' && label === 'default') return 'otherwise';
  if (step.kind === 'wait_for') return label === 'event' ? `did ${step.event}` : 'timeout';
  return label;
}
