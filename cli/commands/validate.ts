import { relative } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { formatViolation, type LocatedViolation } from '../../workflows/rules/violation.ts';
import { compileWorkspace } from '../../workflows/workspace/compile-workspace.ts';
import { workspaceRootOf } from '../../workflows/workspace/workspace.ts';
import { parseOptions } from '../options.ts';
import {
  checkPowerFlags,
  formatJourneyPower,
  journeyPower,
  PowerOptions,
  powerAssumptions,
  withPowerFlags,
} from '../power-explanation.ts';

const ValidateOptions = z
  .strictObject({
    workspace: z.string().min(1).optional(),
    format: z.enum(['text', 'json'], { error: 'expected "text" or "json"' }).default('text'),
    ...PowerOptions,
  })
  .superRefine(checkPowerFlags);

export function registerValidate(program: Command): void {
  const command = program
    .command('validate')
    .description(
      "Check journeys (and the offers and templates they use): schema, graph rules, references, time, and every template's Liquid and MJML.",
    )
    .argument('[files...]', 'journey files; default: every journey in the workspace')
    .option(
      '-w, --workspace <dir>',
      'folder holding journeys/, offers/ and templates/ (default: from the files, else ./workflows)',
    )
    .option('--format <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      '\nExits 1 when any violation is found, listing all of them as file:line:column. Warnings are listed too, but pass.\n',
    );
  withPowerFlags(command).action(async (files: string[], raw: unknown) => {
    const options = parseOptions(ValidateOptions, raw);
    const root = options.workspace ?? (files[0] ? workspaceRootOf(files[0]) : 'workflows');
    const workspace = await compileWorkspace(root, files.length > 0 ? files : undefined);
    const relativeFile = (violation: LocatedViolation) => ({
      ...violation,
      file: relative(process.cwd(), violation.file) || violation.file,
    });
    const shown = workspace.violations.map(relativeFile);
    const warnings = workspace.warnings.map(relativeFile);
    const assumptions = powerAssumptions(options);
    const power = options.explain
      ? workspace.journeys.map((loaded) => journeyPower(loaded.journey, assumptions))
      : undefined;
    if (options.format === 'json') {
      process.stdout.write(
        `${JSON.stringify({ valid: shown.length === 0, violations: shown, warnings, ...(power ? { power } : {}) }, null, 2)}\n`,
      );
    } else {
      for (const violation of shown) process.stdout.write(`${formatViolation(violation)}\n`);
      for (const warning of warnings) process.stdout.write(`warning: ${formatViolation(warning)}\n`);
      const checked = workspace.journeys.length + new Set(shown.map((violation) => violation.file)).size;
      process.stdout.write(
        shown.length === 0
          ? `✓ ${workspace.journeys.length} journey(s) valid: ${workspace.journeys.map((loaded) => loaded.journey.id).join(', ')}; ${workspace.templates.size} template(s) compiled\n`
          : `✗ ${shown.length} violation(s) in ${checked} file(s)\n`,
      );
      if (power)
        process.stdout.write(
          `\nPower of each journey's holdout (two-sided, 95% confidence; docs/metrics.md):\n${power.map(formatJourneyPower).join('\n')}\n`,
        );
    }
    if (shown.length > 0) process.exitCode = 1;
  });
}
