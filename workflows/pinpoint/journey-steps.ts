import { assertUnreachable } from '../language/journey-graph.ts';
import type { ActivityGraph } from './activity-graph.ts';
import { activitySteps } from './activity-steps.ts';
import type { ActivitySteps, StepContext, StepInput } from './step-context.ts';
import { type IdAllocator, kebabId } from './step-ids.ts';

const ACTIVITY = '@activity:';
const EXIT = '@exit';

type Resolver = (target: string) => string;

/** The link fields of a step, rewritten by `resolve`. */
function relink(step: StepInput, resolve: Resolver): StepInput {
  switch (step.kind) {
    case 'wait':
    case 'send':
    case 'grant':
    case 'update':
    case 'holdout':
      return step.next === undefined ? step : { ...step, next: resolve(step.next) };
    case 'wait_for':
      return {
        ...step,
        on_event: resolve(step.on_event),
        ...(step.on_timeout === undefined ? {} : { on_timeout: resolve(step.on_timeout) }),
      };
    case 'branch':
      return {
        ...step,
        cases: step.cases.map((branchCase) => ({ ...branchCase, next: resolve(branchCase.next) })),
        default: resolve(step.default),
      };
    case 'split':
      return {
        ...step,
        variants: step.variants.map((variant) => ({ ...variant, next: resolve(variant.next) })),
      };
    case 'exit':
      return step;
    default:
      return assertUnreachable(step);
  }
}

/**
 * The steps of the reachable activities in breadth-first order, each link written explicitly.
 * Links are written as placeholders while the activities map, then resolved: to an activity's
 * first step, through the activities that have none to where they lead, or to one shared exit
 * step for every link Pinpoint left empty.
 */
export function journeySteps(
  graph: ActivityGraph,
  context: Omit<StepContext, 'target' | 'newId' | 'idOf'>,
  ids: IdAllocator,
  own: ReadonlyMap<string, string>,
): StepInput[] {
  const full: StepContext = {
    ...context,
    target: (activityId) => (activityId === undefined ? EXIT : `${ACTIVITY}${activityId}`),
    newId: (wanted) => ids.take(wanted),
    idOf: (activityId) => own.get(activityId) ?? ids.take(kebabId(activityId)),
  };
  const mapped = new Map<string, ActivitySteps>();
  for (const activityId of graph.order) {
    const node = graph.nodes.get(activityId);
    if (node) mapped.set(activityId, activitySteps(node, full));
  }
  let exitId: string | undefined;
  const resolve = (target: string, seen: ReadonlySet<string> = new Set()): string => {
    if (target === EXIT || !target.startsWith(ACTIVITY)) {
      if (target !== EXIT) return target;
      exitId ??= ids.take('end');
      return exitId;
    }
    const activityId = target.slice(ACTIVITY.length);
    const steps = mapped.get(activityId);
    const [first] = steps?.steps ?? [];
    if (first) return first.id;
    // An activity without a step passes its customers on; a loop of such activities exits.
    if (!steps?.passTo || seen.has(activityId)) return resolve(EXIT);
    return resolve(steps.passTo, new Set([...seen, activityId]));
  };
  const steps = [...mapped.values()].flatMap((activity) =>
    activity.steps.map((step) => relink(step, (to) => resolve(to))),
  );
  const entry = resolve(`${ACTIVITY}${graph.start}`);
  // The journey begins with its first step: the start activity's, wherever it was written.
  const ordered = [
    ...steps.filter((step) => step.id === entry),
    ...steps.filter((step) => step.id !== entry),
  ];
  if (exitId !== undefined) ordered.push({ id: exitId, kind: 'exit' });
  return ordered;
}
