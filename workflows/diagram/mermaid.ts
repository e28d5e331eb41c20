import { assertUnreachable } from '../language/journey-graph.ts';
import type { DiagramGraph, DiagramNode, NodeShape } from './diagram-graph.ts';

/** A Mermaid flowchart, top to bottom, with step ids and kinds in every box. */
export function toMermaid(graph: DiagramGraph): string {
  const lines = ['---', `title: ${escapeText(graph.title)}`, '---', 'flowchart TD'];
  for (const node of graph.nodes) lines.push(`  ${nodeId(node.key)}${shape(node)}`);
  for (const edge of graph.edges) {
    const label = edge.label ? `|"${escapeText(edge.label)}"|` : '';
    lines.push(`  ${nodeId(edge.from)} ${edge.dashed ? '-.->' : '-->'}${label} ${nodeId(edge.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Mermaid ids: letters, digits and underscores; the kebab-case step ids map one to one. */
function nodeId(key: string): string {
  if (key === '$start') return 'start__';
  if (key === '$end') return 'end__';
  if (key === '$holdout') return 'holdout__';
  if (key === '$goal') return 'goal__';
  return `step_${key.replaceAll('-', '_')}`;
}

function shape(node: DiagramNode): string {
  const text = `"${node.lines.map(escapeText).join('<br/>')}"`;
  const brackets: Record<NodeShape, [string, string]> = {
    start: ['([', '])'],
    end: ['((', '))'],
    wait: ['{{', '}}'],
    decision: ['{', '}'],
    action: ['[', ']'],
    grant: ['[[', ']]'],
    exit: ['((', '))'],
    holdout: ['[/', '/]'],
    goal: ['>', ']'],
  };
  const pair = brackets[node.shape];
  if (!pair) return assertUnreachable(node.shape as never);
  return `${pair[0]}${text}${pair[1]}`;
}

function escapeText(text: string): string {
  return text.replaceAll('"', '#quot;').replaceAll('<', '#lt;').replaceAll('>', '#gt;');
}
