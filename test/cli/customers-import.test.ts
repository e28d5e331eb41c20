import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { startDynalite } from '../../engine/dynalite/server.ts';
import { LOCAL_TABLES } from '../../engine/engine.ts';
import { changedKeys, tableItems } from '../support/engine/table-items.ts';
import { writeCustomerCsv } from '../support/import/customer-file.ts';

const run = promisify(execFile);
const FIXTURES = 'test/fixtures/import';

/** Rows of the generated file: 100,000 are imported by `npm run bench`; a test keeps to fewer. */
const ROWS = 5_000;

async function journeys(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/journeys.js', ...args], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Every item of the customers and state tables persisted in `dataDir`. */
async function itemsIn(dataDir: string): Promise<Map<string, string>> {
  const dynamo = await startDynalite(dataDir);
  try {
    return await tableItems(dynamo.endpoint, [LOCAL_TABLES.customers, LOCAL_TABLES.state]);
  } finally {
    await dynamo.stop();
  }
}

const scratch = () => mkdtempSync(join(tmpdir(), 'journeys-import-'));

describe('journeys customers import', () => {
  test(`imports a ${ROWS}-row CSV into the engine's tables with progress and a summary; a second import changes no item`, async () => {
    // Prepare
    const folder = scratch();
    const file = join(folder, 'customers.csv');
    const dataDir = join(folder, 'data');
    await writeCustomerCsv(file, ROWS);

    // Act
    const first = await journeys('customers', 'import', file, '--data-dir', dataDir);
    const before = await itemsIn(dataDir);
    const second = await journeys('customers', 'import', file, '--data-dir', dataDir);
    const after = await itemsIn(dataDir);

    // Assess
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/[\d,]+ rows, [\d,]+ rows\/s, 0 rejected, \d+%, ETA \d+:\d\d/);
    expect(first.stdout).toMatch(
      new RegExp(
        `Imported .*customers\\.csv: ${ROWS.toLocaleString('en-US')} rows in [\\d.]+ s \\([\\d,]+ rows/s\\)`,
      ),
    );
    expect(first.stdout).toContain(`imported   ${ROWS.toLocaleString('en-US')}`);
    expect([...before.keys()].filter((key) => key.startsWith(`${LOCAL_TABLES.customers}/`))).toHaveLength(
      ROWS,
    );
    expect(second.stdout).toContain(`unchanged  ${ROWS.toLocaleString('en-US')}`);
    expect(second.stdout).toContain('imported   0');
    expect(changedKeys(before, after)).toEqual([]);
  }, 180_000);

  test('a file with 50 different bad rows lists each with its row, column and reason, and imports every good row', async () => {
    // Prepare
    const folder = scratch();
    const rejects = join(folder, 'rejects.csv');
    const dataDir = join(folder, 'data');

    // Act
    const result = await journeys(
      'customers',
      'import',
      `${FIXTURES}/bad-rows.csv`,
      '--mapping',
      `${FIXTURES}/bad-rows.mapping.yaml`,
      '--data-dir',
      dataDir,
      '--rejects',
      rejects,
    );

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(rejects, 'utf8')).toBe(
      readFileSync(`${FIXTURES}/bad-rows.expected-rejects.csv`, 'utf8'),
    );
    expect(result.stdout).toContain('imported   100');
    expect(result.stdout).toContain('rejected   50');
    const customers = [...(await itemsIn(dataDir)).entries()].filter(([key]) =>
      key.startsWith(`${LOCAL_TABLES.customers}/`),
    );
    expect(customers.map(([key]) => key.split('/')[1]).sort()).toEqual(
      Array.from({ length: 100 }, (_, index) => `g${index + 1}`).sort(),
    );
    expect(JSON.parse(customers.find(([key]) => key.endsWith('/g7/'))?.[1] ?? '{}')).toMatchObject({
      phone: '+8613800138000',
      timezone: 'Asia/Shanghai',
      consent: { email: true, sms: false },
      attributes: { vip_score: 7, newsletter: true, birthday: '1990-05-01', city: 'Hangzhou' },
      tier: 'E',
    });
  }, 120_000);

  test('a mapping with mistakes is refused with each at its line and column, and nothing is imported', async () => {
    // Prepare
    const folder = scratch();
    const mapping = join(folder, 'broken.mapping.yaml');
    writeFileSync(
      mapping,
      'columns:\n  customerId: id\n  emial: email\nattributes:\n  score: integer\ndefaults:\n  phone_region: China\n',
    );

    // Act
    const result = await journeys(
      'customers',
      'import',
      `${FIXTURES}/bad-rows.csv`,
      '--mapping',
      mapping,
      '--data-dir',
      join(folder, 'data'),
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${mapping}:3:3 columns.emial: unknown field "emial"; check its spelling or remove it [schema.unknown_field]`,
    );
    expect(result.stderr).toMatch(
      new RegExp(`${mapping}:5:10 attributes\\.score: .*string, number, boolean, date`),
    );
    expect(result.stderr).toContain(
      `${mapping}:7:17 defaults.phone_region: expected a two-letter region code such as "CN" or "US"`,
    );
    expect(result.stdout).toBe('');
  }, 60_000);

  test('--help shows an example', async () => {
    const result = await journeys('customers', 'import', '--help');
    expect(result.stdout).toContain(
      'journeys customers import customers.csv --mapping customers.mapping.yaml',
    );
  });
});
