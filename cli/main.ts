import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { WorkspaceError } from '../workflows/workspace/catalog.ts';
import { registerCompile } from './commands/compile.ts';
import { registerCustomers } from './commands/customers.ts';
import { registerDiagram } from './commands/diagram.ts';
import { registerDiff } from './commands/diff.ts';
import { registerImport } from './commands/import.ts';
import { registerOutline } from './commands/outline.ts';
import { registerPreview } from './commands/preview.ts';
import { registerReport } from './commands/report.ts';
import { registerSchema } from './commands/schema.ts';
import { registerServe } from './commands/serve.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerValidate } from './commands/validate.ts';
import { InvalidJourneyError } from './load-one.ts';
import { UsageError } from './options.ts';

// Read when the command runs, so the version printed is always the one package.json declares.
const { version } = z
  .object({ version: z.string().min(1) })
  .parse(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')));

const program = new Command('journeys')
  .description('Customer journeys as files, compiled to AWS Step Functions, runnable on one machine.')
  .version(version)
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

registerValidate(program);
registerDiagram(program);
registerDiff(program);
registerCompile(program);
registerSchema(program);
registerOutline(program);
registerPreview(program);
registerSimulate(program);
registerServe(program);
registerReport(program);
registerCustomers(program);
registerImport(program);

try {
  await program.parseAsync(process.argv);
  // Aborted local executions leave the engine's task timers behind; the work is done, so leave.
  process.exit(process.exitCode ?? 0);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof InvalidJourneyError || error instanceof WorkspaceError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
