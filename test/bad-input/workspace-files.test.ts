import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatPath } from '../../workflows/rules/violation.ts';
import { catalogFromWorkspace, WorkspaceError } from '../../workflows/workspace/catalog.ts';
import { loadWorkspace } from '../../workflows/workspace/workspace.ts';
import { loadCases, textOf, WorkspaceFileCase } from '../support/bad-input/cases.ts';
import { type SeededStack, startSeededStack } from '../support/bad-input/seeded-stack.ts';
import { NO_CHANGES } from '../support/bad-input/table-snapshot.ts';

// Bad journey, offer, template, event catalog and config files: each put into a small valid
// workspace, which `journeys validate` then refuses at the file, line and field, and which
// `journeys serve` (catalogFromWorkspace) refuses to run, before touching the running stack's tables.
const VALID_WORKSPACE = new URL('../fixtures/workspaces/in-app/', import.meta.url).pathname;

let stack: SeededStack;

beforeAll(async () => {
  stack = await startSeededStack();
  await stack.snapshots.baseline();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const surfaces = {
  'journey files': loadCases('journeys.json', WorkspaceFileCase),
  'offer files': loadCases('offers.json', WorkspaceFileCase),
  'template files': loadCases('templates.json', WorkspaceFileCase),
  'event catalog files': loadCases('event-catalogs.json', WorkspaceFileCase),
  'workspace config files': loadCases('workspace-configs.json', WorkspaceFileCase),
};

/** A copy of the valid workspace with the case's file written into it. */
function workspaceWith(entry: WorkspaceFileCase): string {
  const root = mkdtempSync(join(tmpdir(), 'journeys-bad-file-'));
  cpSync(VALID_WORKSPACE, root, { recursive: true });
  writeFileSync(join(root, entry.file), textOf(entry.text));
  return root;
}

test('the valid workspace the cases change has no violation', () => {
  expect(loadWorkspace(VALID_WORKSPACE).violations).toEqual([]);
});

describe.each(Object.entries(surfaces))('%s', (_surface, cases) => {
  test.each(cases.map((entry) => [entry.case, entry] as const))('%s', async (_title, entry) => {
    // Prepare
    const root = workspaceWith(entry);
    try {
      // Act
      const { violations } = loadWorkspace(root);
      const refusal = await catalogFromWorkspace(root).then(
        () => undefined,
        (error: unknown) => error,
      );
      const changes = await stack.snapshots.changes();

      // Assess
      const found = violations.map((violation) => ({
        file: violation.file,
        path: formatPath(violation.path),
        message: violation.message,
        code: violation.code,
        line: violation.line,
      }));
      expect(found).toContainEqual({
        file: join(root, entry.file),
        path: entry.expect.path,
        message: expect.stringContaining(entry.expect.message),
        code: entry.expect.code ?? expect.any(String),
        line: entry.expect.line ?? expect.any(Number),
      });
      expect(refusal).toBeInstanceOf(WorkspaceError);
      expect((refusal as Error).message).toContain(entry.expect.message);
      expect(changes).toEqual(NO_CHANGES);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
