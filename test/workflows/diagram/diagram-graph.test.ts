import { describe, expect, test } from 'vitest';
import { annotate } from '../../../workflows/diagram/annotate.ts';
import { diagramGraph } from '../../../workflows/diagram/diagram-graph.ts';
import { toDot } from '../../../workflows/diagram/dot.ts';
import { GOAL, HOLDOUT } from '../../../workflows/diagram/journey-frame.ts';
import { toMermaid } from '../../../workflows/diagram/mermaid.ts';
import { loadWorkspace } from '../../../workflows/workspace/workspace.ts';

const journeys = loadWorkspace('workflows').journeys.map((loaded) => loaded.journey);
const journey = (id: string) => {
  const found = journeys.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no built-in journey ${id}`);
  return found;
};

describe('the diagram of a journey', () => {
  test('labels each branch edge with its condition in words, and the default as otherwise', () => {
    // Act
    const graph = diagramGraph(journey('preheat-618'));
    const fromRoute = graph.edges.filter((edge) => edge.from === 'route-by-tier').map((edge) => edge.label);
    const fromCheck = graph.edges.filter((edge) => edge.from === 'check-cart').map((edge) => edge.label);

    // Assess
    expect(fromRoute).toEqual(['tier in [H]', 'tier in [E]', 'tier in [A]', 'otherwise']);
    expect(fromCheck).toEqual(['did add_to_cart since entry', 'otherwise']);
  });

  test('draws the holdout beside the entry and the goal, with dashed edges and the treated share', () => {
    // Act
    const graph = diagramGraph(journey('cart-nudge'));

    // Assess
    expect(graph.nodes.find((node) => node.key === HOLDOUT)?.lines).toEqual([
      'holdout 10%',
      'gets no messages',
    ]);
    expect(graph.nodes.find((node) => node.key === GOAL)?.lines[0]).toBe('goal: purchase within 3d');
    expect(graph.edges).toContainEqual({ from: '$start', to: HOLDOUT, dashed: true });
    expect(graph.edges).toContainEqual({ from: '$start', to: 'wait-1h', label: 'treated 90%' });
  });

  test('draws neither for a journey without a holdout or a goal', () => {
    // Act
    const graph = diagramGraph(journey('first-purchase-gift'));

    // Assess
    expect(graph.nodes.map((node) => node.key)).not.toContain(HOLDOUT);
    expect(graph.nodes.map((node) => node.key)).not.toContain(GOAL);
    expect(graph.edges[0]).toEqual({ from: '$start', to: 'grant-gift' });
  });

  test('Mermaid and DOT draw the holdout and goal with dashed links', () => {
    // Act
    const graph = diagramGraph(journey('cart-nudge'));
    const mermaid = toMermaid(graph);
    const dot = toDot(graph);

    // Assess
    expect(mermaid).toContain('start__ -.-> holdout__');
    expect(mermaid).toContain('start__ -.->|"did purchase"| goal__');
    expect(dot).toContain('"$start" -> "$holdout" [style=dashed];');
    expect(dot).toContain('"$start" -> "wait-1h" [label="treated 90%"];');
  });

  test('annotate adds lines under the nodes it names and leaves the others', () => {
    // Act
    const graph = annotate(diagramGraph(journey('cart-nudge')), {
      'send-cart-reminder': ['entered 120', 'sent 80'],
      [HOLDOUT]: ['held out 14'],
    });

    // Assess
    expect(graph.nodes.find((node) => node.key === 'send-cart-reminder')?.lines.slice(-2)).toEqual([
      'entered 120',
      'sent 80',
    ]);
    expect(graph.nodes.find((node) => node.key === HOLDOUT)?.lines.at(-1)).toBe('held out 14');
    expect(graph.nodes.find((node) => node.key === 'wait-1h')?.lines).toEqual(
      diagramGraph(journey('cart-nudge')).nodes.find((node) => node.key === 'wait-1h')?.lines,
    );
  });
});
