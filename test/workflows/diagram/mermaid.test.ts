import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, test } from 'vitest';
import { diagramGraph } from '../../../workflows/diagram/diagram-graph.ts';
import { toDot } from '../../../workflows/diagram/dot.ts';
import { toMermaid } from '../../../workflows/diagram/mermaid.ts';
import { loadWorkspace } from '../../../workflows/workspace/workspace.ts';

type MermaidParse = (text: string) => Promise<unknown>;
let parseMermaid: MermaidParse;

beforeAll(async () => {
  // mermaid's parser needs a DOM for its sanitizer; jsdom provides one, so the real parser checks our output.
  const { window } = new JSDOM('');
  Object.assign(globalThis, { window, document: window.document });
  const mermaid = (await import('mermaid')).default;
  parseMermaid = (text) => mermaid.parse(text);
});

const journeys = loadWorkspace('workflows').journeys.map((loaded) => loaded.journey);

describe('Mermaid diagrams', () => {
  test.each(journeys)('the diagram of $id is a flowchart that mermaid parses', async (journey) => {
    const text = toMermaid(diagramGraph(journey));
    await expect(parseMermaid(text)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  });

  test('the parser used here rejects broken Mermaid, so the check above can fail', async () => {
    await expect(parseMermaid('flowchart TD\n  a --> ')).rejects.toThrow();
  });

  test('every step appears with its id and kind, and every link with its label', () => {
    const journey = journeys.find((candidate) => candidate.id === 'first-purchase-gift');
    const text = toMermaid(diagramGraph(journey as (typeof journeys)[number]));
    expect(text).toContain('step_wait_for_first_order{{"wait-for-first-order (wait_for)');
    expect(text).toContain('step_wait_for_first_order -->|"did purchase"| step_send_thank_you');
    expect(text).toContain('step_wait_for_first_order -->|"timeout"| step_send_gift_reminder');
  });

  test('quotes in labels are escaped instead of breaking the diagram', async () => {
    const journey = structuredClone(journeys[0] as (typeof journeys)[number]);
    journey.steps[0] = { ...journey.steps[0], label: 'Say "hi" <now>' } as (typeof journey.steps)[number];
    const text = toMermaid(diagramGraph(journey));
    expect(text).toContain('Say #quot;hi#quot; #lt;now#gt;');
    await expect(parseMermaid(text)).resolves.toBeDefined();
  });
});

describe('DOT diagrams', () => {
  test('the same graph renders to SVG with Graphviz', async () => {
    const { instance } = await import('@viz-js/viz');
    const journey = journeys[0] as (typeof journeys)[number];
    const svg = (await instance()).renderString(toDot(diagramGraph(journey)), { format: 'svg' });
    expect(svg).toContain('<svg');
    // Graphviz writes "-" in text as the entity &#45;.
    expect(svg).toContain(`${journey.steps[0]?.id.replaceAll('-', '&#45;')} (${journey.steps[0]?.kind})`);
  });
});
