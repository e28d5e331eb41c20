import type { Channel, Condition, JourneyInput } from '../schema/index.ts';
import type { ActivityGraph, ActivityNode } from './activity-graph.ts';
import type { ConditionContext, Mapped } from './conditions.ts';
import type { Decision } from './import-report.ts';

export type StepInput = JourneyInput['steps'][number];

/** The steps an activity becomes; with none, its links lead to `passTo` (a target, see StepContext.target). */
export interface ActivitySteps {
  readonly steps: StepInput[];
  readonly passTo?: string;
}

/** What mapping one activity needs from the journey's mapping as a whole. */
export interface StepContext {
  readonly graph: ActivityGraph;
  /** The step a participant goes to for a link: the activity's first step, or the shared exit. */
  readonly target: (activityId: string | undefined) => string;
  /** A fresh step id from a wanted one. */
  readonly newId: (wanted: string) => string;
  /** The id of the step an activity's own step takes (a split's wait comes before it). */
  readonly idOf: (activityId: string) => string;
  /** The template of a message activity, imported or a placeholder, on the channel. */
  readonly template: (channel: Channel, templateName: string | undefined, node: ActivityNode) => string;
  /** Conditions, for a split evaluated in `window`. */
  readonly conditions: (window: ConditionContext['window']) => ConditionContext;
  readonly decide: (decision: Decision) => void;
  /** Holds a share of every entrant out, as the journey's own holdout: a Holdout at the start. */
  readonly holdOutAtEntry: (percent: number) => void;
}

/** The subject of an activity's decisions: "activity Email1 (EMAIL)". */
export const subjectOf = (node: ActivityNode) => `activity ${node.id} (${node.type})`;

/** Reports what of a condition did not map, and notes, under the activity. */
export function reportCondition(
  mapped: Mapped<Condition>,
  node: ActivityNode,
  stepId: string,
  context: StepContext,
): void {
  for (const lost of mapped.lost)
    context.decide({
      subject: subjectOf(node),
      outcome: 'lost',
      detail: `condition left out: ${lost}`,
      stepId,
    });
  for (const note of [...new Set(mapped.notes)])
    context.decide({ subject: subjectOf(node), outcome: 'approximated', detail: note, stepId });
}
