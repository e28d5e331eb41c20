import { END, journeyGraph } from '../workflows/language/journey-graph.ts';
import type { Journey } from '../workflows/schema/index.ts';

/**
 * How many steps a customer passes on the longest way through a journey, from its first step to
 * an exit or past the last step: the path of a treated customer who never reaches the goal, the
 * common case at a few percent of conversion. A step passed twice on a loop counts once, so the
 * number is a lower bound for journeys with loops.
 *
 * In the naive design (one Standard execution per customer, one state per step) this is the
 * number of state transitions each such customer costs.
 */
export function stepsOnLongestPath(journey: Journey): number {
  const graph = journeyGraph(journey);
  const longestFrom = (id: string, visiting: ReadonlySet<string>): number => {
    if (id === END || visiting.has(id) || !graph.indexOf.has(id)) return 0;
    const next = new Set(visiting).add(id);
    const further = graph.successors(id).map((successor) => longestFrom(successor, next));
    return 1 + Math.max(0, ...further);
  };
  return longestFrom(graph.entry, new Set());
}
