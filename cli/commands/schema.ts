import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { JSON_SCHEMAS, jsonSchemaText } from '../../workflows/schema/json-schema.ts';
import { journeyLanguageReference } from '../../workflows/schema/reference-doc.ts';
import { parseOptions } from '../options.ts';

const SchemaOptions = z.strictObject({
  outDir: z.string().min(1).default('workflows/schema'),
  docs: z.string().min(1).default('docs/journey-language.md'),
});

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description(
      'Write the JSON Schemas of journeys, offers and templates, generated from the zod schema, for editors.',
    )
    .option('-o, --out-dir <dir>', 'where to write them', 'workflows/schema')
    .option('--docs <file>', 'where to write the language reference', 'docs/journey-language.md')
    .addHelpText('after', '\nIn a YAML file: # yaml-language-server: $schema=../schema/journey.schema.json\n')
    .action((raw: unknown) => {
      const options = parseOptions(SchemaOptions, raw);
      mkdirSync(options.outDir, { recursive: true });
      for (const [name, schema] of Object.entries(JSON_SCHEMAS)) {
        const file = join(options.outDir, name);
        writeFileSync(file, jsonSchemaText(schema));
        process.stdout.write(`wrote ${file}\n`);
      }
      writeFileSync(options.docs, `${journeyLanguageReference()}\n`);
      process.stdout.write(`wrote ${options.docs}\n`);
    });
}
