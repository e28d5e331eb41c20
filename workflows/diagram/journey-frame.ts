import { describeComparison } from '../language/describe-condition.ts';
import type { Journey } from '../schema/index.ts';
import type { DiagramEdge, DiagramNode } from './diagram-graph.ts';

export const START = '$start';
/** The customers the holdout keeps out: they get nothing, and their orders are the baseline of lift. */
export const HOLDOUT = '$holdout';
/** The goal: a customer who reaches it leaves at the next step and counts as converted. */
export const GOAL = '$goal';

/**
 * What surrounds the steps: the holdout beside the entry, and the goal, which a customer can
 * reach from anywhere in the journey. Both are drawn so that the diagram shows how lift is
 * measured and why customers leave early.
 */
export function journeyFrame(journey: Journey): { nodes: DiagramNode[]; edges: DiagramEdge[] } {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  if (journey.holdout > 0) {
    nodes.push({
      key: HOLDOUT,
      shape: 'holdout',
      lines: [`holdout ${journey.holdout}%`, 'gets no messages'],
    });
    // The node names the share: a label on this edge would crowd the entry edge's beside it.
    edges.push({ from: START, to: HOLDOUT, dashed: true });
  }
  const goal = journey.goal;
  if (goal) {
    const where = goal.where?.map((part) => describeComparison(part.property, part.op, part.value));
    nodes.push({
      key: GOAL,
      shape: 'goal',
      lines: [
        `goal: ${goal.event}${where?.length ? ` where ${where.join(' and ')}` : ''} within ${goal.within}`,
        'leaves at the next step',
      ],
    });
    edges.push({ from: START, to: GOAL, label: `did ${goal.event}`, dashed: true });
  }
  return { nodes, edges };
}

/** The label of the entry edge: the share that is treated, when a holdout keeps the rest. */
export function entryLabel(journey: Journey): string | undefined {
  return journey.holdout > 0 ? `treated ${100 - journey.holdout}%` : undefined;
}
