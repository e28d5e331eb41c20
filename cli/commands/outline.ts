import type { Command } from 'commander';
import { z } from 'zod';
import { journeyOutline } from '../../workflows/outline/outline.ts';
import { formatViolation } from '../../workflows/rules/violation.ts';
import { loadWorkspace } from '../../workflows/workspace/workspace.ts';
import { parseOptions } from '../options.ts';

const OutlineOptions = z.strictObject({ workspace: z.string().min(1).default('workflows') });

export function registerOutline(program: Command): void {
  program
    .command('outline')
    .description('Validate every journey of the workspace and print each as a readable outline.')
    .option('-w, --workspace <dir>', 'folder holding journeys/, offers/ and templates/', 'workflows')
    .action((raw: unknown) => {
      const options = parseOptions(OutlineOptions, raw);
      const workspace = loadWorkspace(options.workspace);
      if (workspace.violations.length > 0) {
        for (const violation of workspace.violations) process.stderr.write(`${formatViolation(violation)}\n`);
        process.exitCode = 1;
        return;
      }
      const { offers, templates } = workspace.catalog;
      process.stdout.write(
        `Journeys workspace ${options.workspace}: ${workspace.journeys.length} journeys valid, ${offers.size} offers, ${templates.size} templates\n\n`,
      );
      process.stdout.write(
        `${workspace.journeys.map((loaded) => journeyOutline(loaded.journey)).join('\n\n')}\n`,
      );
    });
}
