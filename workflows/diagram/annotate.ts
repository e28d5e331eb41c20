import type { DiagramGraph } from './diagram-graph.ts';

/** The same graph with lines added under the nodes named by key, such as each step's counts. */
export function annotate(
  graph: DiagramGraph,
  notes: Readonly<Record<string, readonly string[]>>,
): DiagramGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const added = notes[node.key];
      return added && added.length > 0 ? { ...node, lines: [...node.lines, ...added] } : node;
    }),
  };
}
