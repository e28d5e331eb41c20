import { readFileSync } from 'node:fs';

/** The fields docs/data-in.md documents for GET /customers/{id}/export, in its order. */
export function documentedExportFields(): string[] {
  const text = readFileSync(new URL('../../docs/data-in.md', import.meta.url), 'utf8');
  const start = text.indexOf('<!-- export-fields:start -->');
  const end = text.indexOf('<!-- export-fields:end -->');
  if (start < 0 || end < start) throw new Error('docs/data-in.md has no export-fields table');
  return [...text.slice(start, end).matchAll(/^\| `(\w+)` \|/gm)].map((match) => match[1] as string);
}
