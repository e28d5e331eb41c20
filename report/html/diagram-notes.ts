import { edgeLabel } from '../../workflows/diagram/diagram-graph.ts';
import { GOAL, HOLDOUT, START } from '../../workflows/diagram/journey-frame.ts';
import { END } from '../../workflows/language/journey-graph.ts';
import type { Step } from '../../workflows/schema/index.ts';
import type { JourneyView } from '../model/journey-view.ts';
import { total } from '../model/step-rows.ts';
import type { StepView } from '../model/steps.ts';
import { count } from './format.ts';

/** What a step's box says of its counts, e.g. "sent 645 · skipped 700 · deferred 250". */
function stepNote(step: StepView, source: Step | undefined): string[] {
  const counts = step.counts;
  const parts = (pairs: [string, number | undefined][]) =>
    pairs.filter(([, value]) => (value ?? 0) > 0).map(([name, value]) => `${name} ${count(value ?? 0)}`);
  const skipped = Object.entries(counts)
    .filter(([metric]) => metric.startsWith('skipped'))
    .reduce((sum, [, value]) => sum + value, 0);
  const lines: string[] = [];
  if (step.kind === 'send')
    lines.push(
      [
        `sent ${count(counts.sent ?? 0)}`,
        ...parts([
          ['skipped', skipped],
          ['deferred', counts.deferredQuietHours],
          ['capped', counts.capped],
          ['rejected', counts.rejected],
        ]),
      ].join(' · '),
    );
  else if (step.kind === 'grant')
    lines.push(
      [`granted ${count(counts.granted ?? 0)}`, ...parts([['already held', counts.alreadyGranted]])].join(
        ' · ',
      ),
    );
  else if (step.kind === 'update') lines.push(`updated ${count(counts.updated ?? 0)}`);
  else if (step.kind === 'exit') lines.push(`exited ${count(counts.exited ?? 0)}`);
  else if (step.kind === 'wait_for') lines.push(`did the event ${count(counts.entered ?? 0)}`);
  else if (step.byVariant.length > 0)
    lines.push(
      step.byVariant
        .map(({ variant, entered }) => `${branchName(source, variant)} ${count(entered)}`)
        .join(' · '),
    );
  if (step.converted > 0) lines.push(`left at goal before it ${count(step.converted)}`);
  return lines;
}

/** A branch's sub-cohorts ("case-0", …, "default") by the condition on their edge; a split's by its variant. */
function branchName(source: Step | undefined, variant: string): string {
  return source?.kind === 'branch' ? `${edgeLabel(source, variant)}:` : variant;
}

/** The counts written under each box of the journey's diagram, by node key. */
export function diagramNotes(view: JourneyView): Record<string, string[]> {
  const { funnel } = view;
  const notes: Record<string, string[]> = {
    [START]: [`entered ${count(funnel.entered)}`],
    [HOLDOUT]: [`held out ${count(funnel.heldOut)} · ordered ${count(funnel.holdoutOrdered)}`],
    [GOAL]: [`left at the goal ${count(funnel.converted)}`],
    [END]: [`completed ${count(total(view.rows, 'completed', { stepId: END }))}`],
  };
  for (const step of view.steps)
    notes[step.stepId] = stepNote(
      step,
      view.journey.steps.find((each) => each.id === step.stepId),
    );
  return notes;
}
