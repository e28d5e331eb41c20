import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE_FOLDERS = [
  'workflows',
  'functions',
  'infra',
  'engine',
  'simulation',
  'cli',
  'bench',
  'pricing',
  'report',
  'bin',
  'test',
];
const MAX_LINES = 300;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : sourceFiles(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

test(`no source or test file is over ${MAX_LINES} lines (fixtures are data)`, () => {
  // Act
  const long = SOURCE_FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)))
    .map((path) => ({ file: relative(ROOT, path), lines: readFileSync(path, 'utf8').split('\n').length - 1 }))
    .filter(({ lines }) => lines > MAX_LINES);

  // Assess
  expect(long).toEqual([]);
});
