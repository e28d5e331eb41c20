import { DEFAULT_CHECK_EVERY } from '../schema/index.ts';
import type { ActivityNode } from './activity-graph.ts';
import { conditionalCase, hasContent, multiConditionCases } from './branch-cases.ts';
import { mapEventName, propertyFilters } from './events.ts';
import { convertDuration, durationText } from './iso-duration.ts';
import type { WaitTime } from './journey-input.ts';
import { type ActivitySteps, type StepContext, type StepInput, subjectOf } from './step-context.ts';
import { waitUntil } from './wait-until.ts';

/** A wait_for checks at most 1,000 times (time rules); its checks are whole minutes, 15 by default. */
function checkEvery(timeoutSeconds: number): string | undefined {
  const minutes = Math.max(15, Math.ceil(timeoutSeconds / 1000 / 60));
  if (timeoutSeconds < 15 * 60) return durationText(Math.max(60, Math.floor(timeoutSeconds / 60) * 60));
  const text = durationText(minutes * 60);
  return text === DEFAULT_CHECK_EVERY ? undefined : text;
}

/** The wait before a split, and the window its event conditions look back over. */
function evaluationWait(time: WaitTime | undefined, id: string, node: ActivityNode, context: StepContext) {
  if (time?.WaitUntil !== undefined) {
    const waitId = context.newId(`${id}-wait`);
    const until = waitUntil(time.WaitUntil, node, waitId, context);
    return {
      steps: [{ id: waitId, kind: 'wait', until, next: id } as StepInput],
      window: { since: 'entry' as const },
    };
  }
  const duration = convertDuration(time?.WaitFor ?? '');
  if (!duration || duration.seconds === 0) return { steps: [], window: { since: 'entry' as const } };
  if (duration.approximate)
    context.decide({
      subject: subjectOf(node),
      outcome: 'approximated',
      detail: `EvaluationWaitTime ${time?.WaitFor} reads a month as 30 days and a year as 365`,
    });
  const waitId = context.newId(`${id}-wait`);
  return {
    steps: [{ id: waitId, kind: 'wait', duration: duration.text, next: id } as StepInput],
    window: { within: duration.text },
  };
}

/** A conditional split on one event type within a wait: a wait_for, which moves each customer at the event. */
function asWaitFor(node: ActivityNode, id: string, context: StepContext): StepInput[] | undefined {
  const split = node.activity.ConditionalSplit;
  const conditions = (split?.Condition?.Conditions ?? []).filter(hasContent);
  const [only] = conditions;
  const duration = convertDuration(split?.EvaluationWaitTime?.WaitFor ?? '');
  const dimensions = only?.EventCondition?.Dimensions;
  const types = dimensions?.EventType?.Values ?? [];
  if (conditions.length !== 1 || !only?.EventCondition || only.EventCondition.MessageActivity !== undefined)
    return undefined;
  if (
    !duration ||
    duration.seconds < 60 ||
    types.length !== 1 ||
    dimensions?.EventType?.DimensionType === 'EXCLUSIVE'
  )
    return undefined;
  const event = mapEventName(types[0] ?? '');
  const filters = propertyFilters(dimensions);
  if (!event.ok || filters.lost.length > 0) return undefined;
  const every = checkEvery(duration.seconds);
  if (event.custom)
    context
      .conditions({ within: duration.text })
      .useEvent({ name: event.name, pinpointName: types[0] ?? event.name, properties: filters.types });
  context.decide({
    subject: subjectOf(node),
    outcome: 'approximated',
    detail: `wait_for step ${id}: ${event.name} within ${duration.text} goes to the true path, the rest at the timeout to the false path; a customer who does the event goes on at the next check (every ${every ?? DEFAULT_CHECK_EVERY}) instead of at the end of the window, and an event since entering the journey counts`,
    stepId: id,
  });
  return [
    {
      id,
      kind: 'wait_for',
      event: event.name,
      ...(filters.where.length > 0 ? { where: filters.where } : {}),
      timeout: duration.text,
      ...(every ? { check_every: every } : {}),
      on_event: context.target(split?.TrueActivity),
      on_timeout: context.target(split?.FalseActivity),
    },
  ];
}

/** ConditionalSplit, MultiCondition and RandomSplit: a wait for the evaluation, then a branch; or a split. */
export function splitSteps(node: ActivityNode, id: string, context: StepContext): ActivitySteps {
  const subject = subjectOf(node);
  if (node.type === 'RandomSplit') {
    const variants = (node.activity.RandomSplit?.Branches ?? [])
      .map((branch, index) => ({
        name: `path-${index + 1}`,
        weight: branch.Percentage ?? 0,
        next: context.target(branch.NextActivity),
      }))
      .filter((variant) => variant.weight > 0);
    const [only] = variants;
    if (variants.length === 1 && only) {
      context.decide({
        subject,
        outcome: 'mapped',
        detail: 'one path takes 100%: no split, its customers go on to it',
      });
      return { steps: [], passTo: only.next };
    }
    context.decide({
      subject,
      outcome: 'mapped',
      detail: `split step ${id}: ${variants.map((variant) => `${variant.name} ${variant.weight}%`).join(', ')}, stable per customer`,
      stepId: id,
    });
    return { steps: [{ id, kind: 'split', variants }] };
  }
  if (node.type === 'ConditionalSplit') {
    const waitFor = asWaitFor(node, id, context);
    if (waitFor) return { steps: waitFor };
  }
  const split = node.activity.ConditionalSplit ?? node.activity.MultiCondition;
  const wait = evaluationWait(split?.EvaluationWaitTime, id, node, context);
  const conditions = context.conditions(wait.window);
  const cases =
    node.type === 'ConditionalSplit'
      ? [conditionalCase(node, id, conditions, context)].filter((one) => one !== undefined)
      : multiConditionCases(node, id, conditions, context);
  const fallback = context.target(
    node.activity.ConditionalSplit?.FalseActivity ?? node.activity.MultiCondition?.DefaultActivity,
  );
  const waited =
    wait.steps.length > 0
      ? `after ${'duration' in (wait.steps[0] ?? {}) ? `a wait of ${(wait.steps[0] as { duration: string }).duration}` : 'a wait until its moment'}, `
      : '';
  if (cases.length === 0) {
    context.decide({
      subject,
      outcome: 'lost',
      detail: `no condition left to branch on: every customer takes the ${node.type === 'ConditionalSplit' ? 'false' : 'default'} path`,
      stepId: id,
    });
    const [first] = wait.steps;
    return first ? { steps: [{ ...first, next: fallback } as StepInput] } : { steps: [], passTo: fallback };
  }
  context.decide({
    subject,
    outcome: 'mapped',
    detail: `${waited}branch step ${id} with ${cases.length} case${cases.length === 1 ? '' : 's'} and a default`,
    stepId: id,
  });
  return { steps: [...wait.steps, { id, kind: 'branch', cases, default: fallback }] };
}
