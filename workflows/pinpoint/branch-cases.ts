import type { Condition } from '../schema/index.ts';
import type { ActivityNode } from './activity-graph.ts';
import { type ConditionContext, combine, simpleCondition } from './conditions.ts';
import type { SimpleCondition } from './journey-input.ts';
import { reportCondition, type StepContext, subjectOf } from './step-context.ts';

/**
 * What no customer's profile holds: a path whose condition did not map keeps its steps behind it,
 * so the journey keeps its shape and validates, and a person writes the real condition.
 */
export const UNWRITTEN_CONDITION: Condition = {
  attribute: 'import_todo_condition',
  op: 'exists',
  value: true,
};

export interface BranchCase {
  readonly when: Condition;
  readonly next: string;
}

export const hasContent = (condition: SimpleCondition) =>
  condition.EventCondition !== undefined ||
  condition.SegmentCondition !== undefined ||
  condition.SegmentDimensions !== undefined;

const KEPT =
  'its path is kept behind `import_todo_condition exists`, which no customer meets, until the condition is written';

/** A yes/no split's one case: its conditions joined by ALL or ANY, leading to the true path. */
export function conditionalCase(
  node: ActivityNode,
  id: string,
  conditions: ConditionContext,
  context: StepContext,
): BranchCase | undefined {
  const split = node.activity.ConditionalSplit;
  const subject = subjectOf(node);
  const parts = (split?.Condition?.Conditions ?? []).map((condition, index) => {
    if (!hasContent(condition))
      context.decide({
        subject,
        outcome: 'lost',
        detail: `Conditions[${index}] is empty: ignored`,
        stepId: id,
      });
    const mapped = simpleCondition(condition, conditions);
    reportCondition(mapped, node, id, context);
    return mapped.value;
  });
  const operator = split?.Condition?.Operator === 'ANY' ? 'or' : 'and';
  const when = combine(
    parts.filter((part) => part !== undefined),
    operator,
  );
  if (when) return { when, next: context.target(split?.TrueActivity) };
  if (split?.TrueActivity === undefined) return undefined;
  context.decide({
    subject,
    outcome: 'lost',
    detail: `no condition left for the true path: ${KEPT}`,
    stepId: id,
  });
  return { when: UNWRITTEN_CONDITION, next: context.target(split.TrueActivity) };
}

/** A multivariate split's cases, one per branch; an empty branch that leads nowhere is dropped. */
export function multiConditionCases(
  node: ActivityNode,
  id: string,
  conditions: ConditionContext,
  context: StepContext,
): BranchCase[] {
  const subject = subjectOf(node);
  return (node.activity.MultiCondition?.Branches ?? []).flatMap((branch, index) => {
    const mapped = simpleCondition(branch.Condition ?? {}, conditions);
    reportCondition(mapped, node, id, context);
    if (mapped.value) return [{ when: mapped.value, next: context.target(branch.NextActivity) }];
    if (branch.NextActivity === undefined) {
      context.decide({
        subject,
        outcome: 'lost',
        detail: `Branches[${index}] has neither a condition nor a NextActivity: left out`,
        stepId: id,
      });
      return [];
    }
    context.decide({
      subject,
      outcome: 'lost',
      detail: `Branches[${index}] has no condition left: ${KEPT}`,
      stepId: id,
    });
    return [{ when: UNWRITTEN_CONDITION, next: context.target(branch.NextActivity) }];
  });
}
