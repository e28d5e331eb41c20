import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { diffText } from '../../workflows/diff/diff-text.ts';
import { diffJourneys } from '../../workflows/diff/journey-diff.ts';
import { formatViolation } from '../../workflows/rules/violation.ts';
import { Journey } from '../../workflows/schema/index.ts';
import { parseText } from '../../workflows/workspace/parse-file.ts';
import { InvalidJourneyError } from '../load-one.ts';
import { parseOptions, UsageError } from '../options.ts';

const DiffOptions = z.strictObject({
  format: z.enum(['text', 'json'], { error: 'expected "text" or "json"' }).default('text'),
});

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description(
      'Name what changes between two versions of a journey, and what happens to the customers already in it.',
    )
    .argument(
      '<old>',
      'the old version: a journey file, or <git revision>:<path> such as origin/main:journeys/x.journey.yaml',
    )
    .argument('[new]', 'the new version, likewise; alone, <old> is compared with its version at git HEAD')
    .option('-f, --format <format>', 'text (also Markdown) or json', 'text')
    .action((oldSource: string, newSource: string | undefined, raw: unknown) => {
      const options = parseOptions(DiffOptions, raw);
      // One file alone is the new version, against what git's HEAD holds of it.
      const [before, after] =
        newSource === undefined
          ? [`HEAD:./${relative(process.cwd(), resolve(oldSource))}`, oldSource]
          : [oldSource, newSource];
      const diff = diffJourneys(readJourney(before), readJourney(after));
      process.stdout.write(options.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : diffText(diff));
    });
}

/** A journey from a file, or from git when the source is "<revision>:<path>" and no such file exists. */
function readJourney(source: string): Journey {
  const parsed = parseText(source, textOf(source), Journey);
  if (!parsed.value)
    throw new InvalidJourneyError(
      `${source} is not a valid journey:\n${parsed.violations.map(formatViolation).join('\n')}`,
    );
  return parsed.value;
}

function textOf(source: string): string {
  if (existsSync(source)) return readFileSync(source, 'utf8');
  if (!source.includes(':')) throw new UsageError(`${source}: no such file`);
  try {
    return execFileSync('git', ['show', source], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const said = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new UsageError(`${source}: git has no such file (${said || 'git show failed'})`);
  }
}
