import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { importViolations, parseImportRules } from '../support/import-graph.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FORBIDDEN = fileURLToPath(new URL('../fixtures/architecture/forbidden/', import.meta.url));
const rules = parseImportRules(readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8'));

describe('the import direction of docs/architecture.md', () => {
  test('reads a rule for every top-level source folder', () => {
    // Assess
    expect([...rules.keys()]).toEqual(
      expect.arrayContaining([
        'workflows/',
        'functions/',
        'infra/',
        'engine/',
        'simulation/',
        'cli/',
        'bench/',
        'pricing/',
        'report/',
      ]),
    );
    expect(rules.get('workflows/')).toEqual([]);
  });

  test('holds in the source tree', () => {
    // Act
    const violations = importViolations(ROOT, rules);

    // Assess
    expect(violations.map((violation) => violation.message)).toEqual([]);
  });

  test('finds each forbidden import of a tree that breaks it, static or dynamic', () => {
    // Prepare
    const expected = JSON.parse(readFileSync(`${FORBIDDEN}expected.json`, 'utf8')) as object[];

    // Act
    const violations = importViolations(FORBIDDEN, rules);

    // Assess
    expect(
      violations.map(({ file, imports }) => ({ file, imports })).sort((a, b) => a.file.localeCompare(b.file)),
    ).toEqual(expected);
    expect(violations.find((violation) => violation.file === 'workflows/schema/journey.ts')?.message).toBe(
      'workflows/schema/journey.ts imports functions/commons/runtime/step-handler.ts; files under workflows/ may import nothing of ours',
    );
  });
});
