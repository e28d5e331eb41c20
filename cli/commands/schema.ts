import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { JSON_SCHEMAS, jsonSchemaText } from '../../workflows/schema/json-schema.ts';
import { parseOptions } from '../options.ts';

const SchemaOptions = z.strictObject({ outDir: z.string().min(1).default('workflows/schema') });

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description(
      'Write the JSON Schemas of journeys, offers and templates, generated from the zod schema, for editors.',
    )
    .option('-o, --out-dir <dir>', 'where to write them', 'workflows/schema')
    .addHelpText('after', '\nIn a YAML file: # yaml-language-server: $schema=../schema/journey.schema.json\n')
    .action((raw: unknown) => {
      const options = parseOptions(SchemaOptions, raw);
      mkdirSync(options.outDir, { recursive: true });
      for (const [name, schema] of Object.entries(JSON_SCHEMAS)) {
        const file = join(options.outDir, name);
        writeFileSync(file, jsonSchemaText(schema));
        process.stdout.write(`wrote ${file}\n`);
      }
    });
}
