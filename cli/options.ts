import type { z } from 'zod';
import { formatPath } from '../workflows/rules/violation.ts';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses a command's options with zod; a bad option names the flag and what it expects. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const flag =
      issue.path.length > 0
        ? `--${formatPath(issue.path.map((part) => (typeof part === 'number' ? part : String(part)))).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`
        : 'arguments';
    return `${flag}: ${issue.message}`;
  });
  throw new UsageError(problems.join('\n'));
}
