import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { diagramGraph } from '../../workflows/diagram/diagram-graph.ts';
import { toDot } from '../../workflows/diagram/dot.ts';
import { toMermaid } from '../../workflows/diagram/mermaid.ts';
import { loadValidJourney } from '../load-one.ts';
import { parseOptions } from '../options.ts';

const DiagramOptions = z.strictObject({
  format: z
    .enum(['mermaid', 'svg', 'dot'], { error: 'expected "mermaid", "svg" or "dot"' })
    .default('mermaid'),
  output: z.string().min(1).optional(),
  workspace: z.string().min(1).optional(),
});

export function registerDiagram(program: Command): void {
  program
    .command('diagram')
    .description('Draw a journey as a flowchart with step ids and kinds.')
    .argument('<file>', 'a journey file')
    .option(
      '-f, --format <format>',
      'mermaid, svg (rendered with Graphviz, no browser needed) or dot',
      'mermaid',
    )
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('-w, --workspace <dir>', 'folder holding journeys/, offers/ and templates/')
    .action(async (file: string, raw: unknown) => {
      const options = parseOptions(DiagramOptions, raw);
      const graph = diagramGraph(loadValidJourney(file, options.workspace));
      let text: string;
      if (options.format === 'mermaid') text = toMermaid(graph);
      else if (options.format === 'dot') text = toDot(graph);
      else {
        const { instance } = await import('@viz-js/viz');
        text = (await instance()).renderString(toDot(graph), { format: 'svg' });
      }
      if (options.output) writeFileSync(options.output, text);
      else process.stdout.write(text);
    });
}
