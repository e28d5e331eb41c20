import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { FUNCTION_NAMES, INGESTING_FUNCTIONS } from '../../functions/function-table.ts';

const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));
const INGEST = resolve(FUNCTIONS_DIR, 'ingest-events/ingest.ts');
/** A value import or re-export from a relative path; `import type` is erased at build. */
const RELATIVE_IMPORT = /^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms;

/** Whether the function's bundle holds the ingest: its entry's relative imports, followed through. */
function ingests(name: string): boolean {
  const seen = new Set<string>();
  const pending = [resolve(FUNCTIONS_DIR, name, 'index.ts')];
  while (pending.length > 0) {
    const file = pending.pop() ?? '';
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const [, path = ''] of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT))
      pending.push(resolve(dirname(file), path));
  }
  return seen.has(INGEST);
}

test('INGESTING_FUNCTIONS names exactly the functions whose code ingests events, which check tombstones', () => {
  // Act
  const found = FUNCTION_NAMES.filter(ingests);

  // Assess
  expect([...INGESTING_FUNCTIONS].sort()).toEqual(found.sort());
});
