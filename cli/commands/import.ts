import type { Command } from 'commander';
import { registerImportPinpoint } from './import-pinpoint.ts';

/** `journeys import …`: journeys from other systems, mapped onto the language with a report of every decision. */
export function registerImport(program: Command): void {
  const group = program
    .command('import')
    .description(
      'Import journeys from another system into this workspace, with a report of every decision and loss.',
    );
  registerImportPinpoint(group);
}
