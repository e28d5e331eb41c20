import type { DocumentPath } from '../rules/violation.ts';
import type { Journey, Step } from '../schema/index.ts';

/** The pseudo-step after the last one: customers who get here have finished the journey. */
export const END = '$end';

/** One way out of a step: where it goes, under which label, and where the link is written. */
export interface Edge {
  readonly from: string;
  readonly to: string;
  /** "next", "event", "timeout", "case-0", "default", or a split variant name. */
  readonly label: string;
  readonly path: DocumentPath;
}

export function stepEdges(journey: Journey, index: number): Edge[] {
  const step = journey.steps[index] as Step;
  const following = journey.steps[index + 1]?.id ?? END;
  const at = (...rest: (string | number)[]): DocumentPath => ['steps', index, ...rest];
  const edge = (to: string, label: string, path: DocumentPath): Edge => ({ from: step.id, to, label, path });
  switch (step.kind) {
    case 'wait':
    case 'holdout':
    case 'send':
    case 'grant':
    case 'update':
      return [edge(step.next ?? following, 'next', at(step.next ? 'next' : 'id'))];
    case 'wait_for':
      return [
        edge(step.on_event, 'event', at('on_event')),
        edge(step.on_timeout ?? following, 'timeout', at(step.on_timeout ? 'on_timeout' : 'id')),
      ];
    case 'branch':
      return [
        ...step.cases.map((branchCase, caseIndex) =>
          edge(branchCase.next, `case-${caseIndex}`, at('cases', caseIndex, 'next')),
        ),
        edge(step.default, 'default', at('default')),
      ];
    case 'split':
      return step.variants.map((variant, variantIndex) =>
        edge(variant.next, variant.name, at('variants', variantIndex, 'next')),
      );
    case 'exit':
      return [];
    default:
      return assertUnreachable(step);
  }
}

export interface JourneyGraph {
  readonly entry: string;
  readonly edges: readonly Edge[];
  /** Step id → index of its first definition. */
  readonly indexOf: ReadonlyMap<string, number>;
  successors(id: string): string[];
}

export function journeyGraph(journey: Journey): JourneyGraph {
  const edges = journey.steps.flatMap((_, index) => stepEdges(journey, index));
  const indexOf = new Map<string, number>();
  journey.steps.forEach((step, index) => {
    if (!indexOf.has(step.id)) indexOf.set(step.id, index);
  });
  const out = new Map<string, string[]>();
  for (const edge of edges) {
    if (!indexOf.has(edge.to) && edge.to !== END) continue;
    const list = out.get(edge.from) ?? [];
    if (!list.includes(edge.to)) list.push(edge.to);
    out.set(edge.from, list);
  }
  return {
    entry: journey.steps[0]?.id ?? END,
    edges,
    indexOf,
    successors: (id) => out.get(id) ?? [],
  };
}

/** Every id reachable from the start ids, the starts included. */
export function reachableFrom(
  starts: readonly string[],
  successors: (id: string) => readonly string[],
): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of successors(id)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
