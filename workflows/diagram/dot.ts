import type { DiagramEdge, DiagramGraph, NodeShape } from './diagram-graph.ts';

const SHAPES: Record<NodeShape, string> = {
  start: 'shape=box, style="rounded,filled", fillcolor="#e8f0fe"',
  end: 'shape=doublecircle',
  wait: 'shape=hexagon, style=filled, fillcolor="#fff4e5"',
  decision: 'shape=diamond, style=filled, fillcolor="#f3e8fd"',
  action: 'shape=box, style=filled, fillcolor="#e6f4ea"',
  grant: 'shape=box, peripheries=2, style=filled, fillcolor="#fce8e6"',
  exit: 'shape=circle',
  holdout: 'shape=box, style="dashed,filled", fillcolor="#eeeeee"',
  goal: 'shape=octagon, style=filled, fillcolor="#fef7e0"',
};

/** The same graph in Graphviz DOT, for rendering to SVG without a browser. */
export function toDot(graph: DiagramGraph): string {
  const quote = (text: string) => JSON.stringify(text);
  const lines = [
    'digraph journey {',
    `  label=${quote(graph.title)}; labelloc=t; fontname="Helvetica";`,
    '  node [fontname="Helvetica", fontsize=11]; edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const node of graph.nodes)
    lines.push(`  ${quote(node.key)} [label=${quote(node.lines.join('\n'))}, ${SHAPES[node.shape]}];`);
  for (const edge of graph.edges) {
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)}${attributes(edge)};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function attributes(edge: DiagramEdge): string {
  const parts = [
    ...(edge.label ? [`label=${JSON.stringify(edge.label)}`] : []),
    ...(edge.dashed ? ['style=dashed'] : []),
  ];
  return parts.length > 0 ? ` [${parts.join(', ')}]` : '';
}
