import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readMappingText } from '../../workflows/import/mapping-file.ts';
import { formatPath } from '../../workflows/rules/violation.ts';
import { ImportRowCase, loadCases, MappingCase, textOf } from '../support/bad-input/cases.ts';
import { type ImportTables, openImportTables } from '../support/bad-input/import-tables.ts';
import { NO_CHANGES } from '../support/bad-input/table-snapshot.ts';

// Bad rows of customer files and bad mapping files, through the import function as
// `journeys customers import --data-dir` runs it: each row rejected for its row and column, each
// mapping refused at its field, and no table changed.
let tables: ImportTables;

beforeAll(async () => {
  tables = await openImportTables();
  await tables.snapshots.baseline();
}, 120_000);
afterAll(async () => {
  await tables?.close();
});

/** One good row under the default mapping: what a wrongly accepted mapping would import. */
const GOOD_ROW = ['customerId,email', 'c-mapped,mapped@example.com'];

describe('import rows', () => {
  test.each(loadCases('import-rows.json', ImportRowCase).map((entry) => [entry.case, entry] as const))(
    '%s',
    async (_title, entry) => {
      // Prepare
      const reading = entry.mapping ? readMappingText('case.mapping.yaml', entry.mapping) : undefined;
      if (reading && !reading.ok)
        throw new Error(`the case's mapping is refused: ${reading.violations[0]?.message}`);

      // Act
      const { totals, rejects } = await tables.importLines(entry.format, entry.lines, reading?.mapping);
      const changes = await tables.snapshots.changes();

      // Assess
      expect(rejects).toContainEqual({
        row: entry.expect.row,
        column: entry.expect.column,
        reason: expect.stringContaining(entry.expect.reason),
      });
      expect(totals.imported).toBe(0);
      expect(changes).toEqual(NO_CHANGES);
    },
  );
});

describe('mapping files', () => {
  test.each(loadCases('mappings.json', MappingCase).map((entry) => [entry.case, entry] as const))(
    '%s',
    async (_title, entry) => {
      // Act: as the command does, a mapping is read first and a file imported only with a good one
      const reading = readMappingText('customers.mapping.yaml', textOf(entry.text));
      if (reading.ok) await tables.importLines('csv', GOOD_ROW, reading.mapping);
      const changes = await tables.snapshots.changes();

      // Assess
      expect(reading.ok).toBe(false);
      const found = reading.ok
        ? []
        : reading.violations.map((violation) => ({
            path: formatPath(violation.path),
            message: violation.message,
            code: violation.code,
            line: violation.line,
          }));
      expect(found).toContainEqual({
        path: entry.expect.path,
        message: expect.stringContaining(entry.expect.message),
        code: entry.expect.code ?? expect.any(String),
        line: entry.expect.line ?? expect.any(Number),
      });
      expect(changes).toEqual(NO_CHANGES);
    },
  );
});
