import { annotate } from '../../workflows/diagram/annotate.ts';
import { diagramGraph } from '../../workflows/diagram/diagram-graph.ts';
import { toDot } from '../../workflows/diagram/dot.ts';
import type { JourneyView } from '../model/journey-view.ts';
import { diagramNotes } from './diagram-notes.ts';
import { type Markup, trusted } from './markup.ts';

/** Graphviz: DOT in, SVG out. Graphviz escapes every label it writes. */
export type DotRenderer = (dot: string) => string;

/** Loads Graphviz (WebAssembly, no browser), once per process. */
export async function loadDotRenderer(): Promise<DotRenderer> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return (dot) => viz.renderString(dot, { format: 'svg' });
}

/** The journey's diagram with each step's counts in its box, as inline SVG (the XML prolog dropped). */
export function journeyDiagram(view: JourneyView, renderDot: DotRenderer): Markup {
  const graph = annotate(diagramGraph(view.journey), diagramNotes(view));
  const svg = renderDot(toDot(graph));
  return trusted(svg.slice(svg.indexOf('<svg')));
}
