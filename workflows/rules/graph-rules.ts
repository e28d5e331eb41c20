import { END, journeyGraph, reachableFrom, stepEdges } from '../language/journey-graph.ts';
import type { Journey } from '../schema/index.ts';
import type { Violation } from './violation.ts';

/** Structural rules over the step graph: ids, links, reachability, endings, loops and splits. */
export function graphViolations(journey: Journey): Violation[] {
  const graph = journeyGraph(journey);
  const linkViolations = [...duplicateIds(journey), ...unknownTargets(journey, graph)];
  // With a duplicate id or a broken link the graph is not the one the author meant, so the
  // whole-graph rules would only report echoes of the same mistake.
  const shapeViolations =
    linkViolations.length > 0
      ? []
      : [
          ...unreachableSteps(journey, graph),
          ...stepsThatNeverEnd(journey, graph),
          ...loopsWithoutWait(journey, graph),
          ...waitForInLoops(journey, graph),
        ];
  return [...linkViolations, ...shapeViolations, ...splitWeights(journey), ...goalShadowsWaitFor(journey)];
}

type Graph = ReturnType<typeof journeyGraph>;

function duplicateIds(journey: Journey): Violation[] {
  const firstIndex = new Map<string, number>();
  return journey.steps.flatMap((step, index) => {
    const first = firstIndex.get(step.id);
    if (first === undefined) {
      firstIndex.set(step.id, index);
      return [];
    }
    return [
      {
        code: 'graph.duplicate_id',
        path: ['steps', index, 'id'],
        message: `step id "${step.id}" is already used by steps[${first}]; give each step its own id`,
      },
    ];
  });
}

function unknownTargets(journey: Journey, graph: Graph): Violation[] {
  const known = journey.steps.map((step) => step.id);
  return graph.edges
    .filter((edge) => edge.to !== END && !graph.indexOf.has(edge.to))
    .map((edge) => ({
      code: 'graph.unknown_step',
      path: edge.path,
      message: `no step has id "${edge.to}"; expected one of: ${known.join(', ')}`,
    }));
}

function unreachableSteps(journey: Journey, graph: Graph): Violation[] {
  const reachable = reachableFrom([graph.entry], graph.successors);
  return journey.steps.flatMap((step, index) =>
    reachable.has(step.id) || graph.indexOf.get(step.id) !== index
      ? []
      : [
          {
            code: 'graph.unreachable',
            path: ['steps', index],
            message: `step "${step.id}" is never reached: no step leads to it; link it with "next" or remove it`,
          },
        ],
  );
}

function stepsThatNeverEnd(journey: Journey, graph: Graph): Violation[] {
  const reachable = reachableFrom([graph.entry], graph.successors);
  const predecessors = new Map<string, string[]>();
  for (const edge of graph.edges) {
    predecessors.set(edge.to, [...(predecessors.get(edge.to) ?? []), edge.from]);
  }
  const exits = journey.steps.filter((step) => step.kind === 'exit').map((step) => step.id);
  const canEnd = reachableFrom([END, ...exits], (id) => predecessors.get(id) ?? []);
  return journey.steps.flatMap((step, index) =>
    !reachable.has(step.id) || canEnd.has(step.id) || graph.indexOf.get(step.id) !== index
      ? []
      : [
          {
            code: 'graph.never_ends',
            path: ['steps', index],
            message: `no path from step "${step.id}" reaches an exit or the end of the journey, so its customers would loop forever; add a way out`,
          },
        ],
  );
}

function loopsWithoutWait(journey: Journey, graph: Graph): Violation[] {
  const waiting = new Set(
    journey.steps.filter((step) => step.kind === 'wait' || step.kind === 'wait_for').map((step) => step.id),
  );
  const successors = (id: string) =>
    graph.successors(id).filter((next) => next !== END && !waiting.has(next));
  const reported = new Set<string>();
  const violations: Violation[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];

  const visit = (id: string) => {
    state.set(id, 'open');
    stack.push(id);
    for (const next of successors(id)) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const index = graph.indexOf.get(next) ?? 0;
          violations.push({
            code: 'graph.loop_without_wait',
            path: ['steps', index],
            message: `steps ${[...cycle, next].join(' → ')} form a loop with no wait or wait_for; add a wait to the loop`,
          });
        }
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const step of journey.steps) {
    if (!waiting.has(step.id) && !state.has(step.id)) visit(step.id);
  }
  return violations;
}

/**
 * A wait_for names the sub-cohort of each check from the cohort's id and the check number, which
 * starts again at 0 on every visit. A cohort that comes back to the same wait_for under the same
 * id (along timeout and next links; a branch, a split or an on_event gives it a new id) would
 * reuse the first pass's sub-cohorts, and those who did the event on the second pass would never
 * start. Refused until checks are numbered per visit.
 */
function waitForInLoops(journey: Journey, graph: Graph): Violation[] {
  // The links along which a cohort keeps its id.
  const sameCohort = (id: string): string[] => {
    const index = graph.indexOf.get(id);
    if (index === undefined) return [];
    return stepEdges(journey, index)
      .filter((edge) => edge.label === 'next' || edge.label === 'timeout')
      .map((edge) => edge.to)
      .filter((next) => next !== END);
  };
  return journey.steps.flatMap((step, index) => {
    if (step.kind !== 'wait_for' || graph.indexOf.get(step.id) !== index) return [];
    if (!reachableFrom(sameCohort(step.id), sameCohort).has(step.id)) return [];
    return [
      {
        code: 'graph.wait_for_in_loop',
        path: ['steps', index],
        message: `wait_for step "${step.id}" is reached again by the customers it timed out, with no branch or split between, which is not supported yet (its checks would be confused with the previous pass's); route the loop through a branch, or use a wait and a branch on the event`,
      },
    ];
  });
}

function splitWeights(journey: Journey): Violation[] {
  return journey.steps.flatMap((step, index) => {
    if (step.kind !== 'split') return [];
    const violations: Violation[] = [];
    const total = step.variants.reduce((sum, variant) => sum + variant.weight, 0);
    if (Math.abs(total - 100) > 1e-9) {
      violations.push({
        code: 'graph.split_weights',
        path: ['steps', index, 'variants'],
        message: `split weights add up to ${total}; expected 100`,
      });
    }
    const seen = new Set<string>();
    step.variants.forEach((variant, variantIndex) => {
      if (seen.has(variant.name)) {
        violations.push({
          code: 'graph.duplicate_variant',
          path: ['steps', index, 'variants', variantIndex, 'name'],
          message: `variant name "${variant.name}" is used twice in this split`,
        });
      }
      seen.add(variant.name);
    });
    return violations;
  });
}

function goalShadowsWaitFor(journey: Journey): Violation[] {
  const goal = journey.goal;
  if (!goal) return [];
  return journey.steps.flatMap((step, index) =>
    step.kind === 'wait_for' && step.event === goal.event
      ? [
          {
            code: 'graph.goal_shadows_wait_for',
            path: ['steps', index, 'event'],
            message: `the goal event is also "${goal.event}": customers who do it leave the journey at the next step, so on_event "${step.on_event}" would never get them; wait for another event or remove the goal`,
          },
        ]
      : [],
  );
}
