import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { compileJourneyToJson } from '../../workflows/compiler/compile.ts';
import { loadValidJourney } from '../load-one.ts';
import { parseOptions } from '../options.ts';

const CompileOptions = z.strictObject({
  mapMode: z
    .enum(['inline', 'distributed'], { error: 'expected "inline" or "distributed"' })
    .default('inline'),
  maxConcurrency: z.coerce
    .number({ error: 'expected a whole number' })
    .int({ error: 'expected a whole number' })
    .min(1, { error: 'expected 1 or more' })
    .max(10_000, { error: 'expected at most 10000 (the Distributed Map limit)' })
    .optional(),
  output: z.string().min(1).optional(),
  workspace: z.string().min(1).optional(),
});

export function registerCompile(program: Command): void {
  program
    .command('compile')
    .description('Print the Amazon States Language (ASL) state machine a journey compiles to.')
    .argument('<file>', 'a journey file')
    .option(
      '--map-mode <mode>',
      'inline (local engine) or distributed (AWS: Express child workflows)',
      'inline',
    )
    .option('--max-concurrency <n>', 'shards processed at once (default 10 inline, 100 distributed)')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('-w, --workspace <dir>', 'folder holding journeys/, offers/ and templates/')
    .action((file: string, raw: unknown) => {
      const options = parseOptions(CompileOptions, raw);
      const json = compileJourneyToJson(loadValidJourney(file, options.workspace), {
        mapMode: options.mapMode,
        maxConcurrency: options.maxConcurrency,
      });
      if (options.output) writeFileSync(options.output, json);
      else process.stdout.write(json);
    });
}
