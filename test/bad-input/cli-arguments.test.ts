import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDynalite } from '../../engine/dynalite/server.ts';
import { importFile } from '../../engine/import/import-file.ts';
import { openLocalTables } from '../../engine/import/local-import.ts';
import { CliCase, loadCases } from '../support/bad-input/cases.ts';
import { fill } from '../support/bad-input/http-cases.ts';
import { TableSnapshots } from '../support/bad-input/table-snapshot.ts';

// Bad `journeys` command lines, run as a user runs them: each exits 1 or 2 with a message naming
// the flag, argument or file, without a stack trace, and the data folder it names keeps every item.
const run = promisify(execFile);
const FIXTURES = new URL('../fixtures/bad-input/cli/', import.meta.url).pathname.replace(/\/$/, '');

let folder: string;
let dataDir: string;
/** The items as the last case left them (each case is judged against the one before). */
let items: string[] = [];

/** Every item of the data folder's tables, read with the folder opened on its own. */
async function itemsOf(dir: string): Promise<string[]> {
  const dynamo = await startDynalite(dir);
  const snapshots = new TableSnapshots(dynamo.endpoint);
  try {
    return await snapshots.take();
  } finally {
    snapshots.close();
    await dynamo.stop();
  }
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'journeys-bad-cli-'));
  dataDir = join(folder, 'data');
  const tables = await openLocalTables(dataDir);
  try {
    await importFile({ file: join(FIXTURES, 'customers.csv'), importBatch: tables.importBatch });
  } finally {
    await tables.stop();
  }
  items = await itemsOf(dataDir);
}, 120_000);
afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function journeys(args: readonly string[]): Promise<{ code: number; output: string }> {
  const filled = args.map((arg) => fill(arg, { dataDir, fixtures: FIXTURES }));
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/journeys.js', ...filled], {
      timeout: 60_000,
    });
    return { code: 0, output: `${stderr}${stdout}` };
  } catch (error) {
    const failed = error as { code?: number; signal?: string; stdout: string; stderr: string };
    return { code: failed.code ?? -1, output: `${failed.stderr}${failed.stdout}${failed.signal ?? ''}` };
  }
}

test('the data folder holds the customer the commands must leave alone', () => {
  expect(items.join('\n')).toContain('c-new');
});

describe('CLI arguments', () => {
  test.each(loadCases('cli.json', CliCase).map((entry) => [entry.case, entry] as const))(
    '%s',
    async (_title, entry) => {
      // Prepare
      const before = items;

      // Act
      const { code, output } = await journeys(entry.args);
      const after = await itemsOf(dataDir);
      items = after;

      // Assess
      expect(code, output).toBe(entry.expect.code);
      expect(output).toContain(entry.expect.output);
      expect(entry.expect.output).toContain(entry.expect.field);
      expect(output, 'a stack trace is a crash').not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(after).toEqual(before);
    },
    90_000,
  );
});
