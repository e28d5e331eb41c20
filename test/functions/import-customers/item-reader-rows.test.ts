import { describe, expect, test } from 'vitest';
import { LAMBDA_CONTEXT } from '../../../engine/task-handlers.ts';
import {
  createImportCustomersHandler,
  type ImportRequest,
} from '../../../functions/import-customers/handler.ts';
import type { BatchSummary, ImportBatch } from '../../../functions/import-customers/import-request.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';

/**
 * The import function over items as the Distributed Map's ItemReader gives a JSONL file's lines:
 * each line's value as it was parsed, nested or not, object or not.
 */

const AT = Date.UTC(2027, 5, 1, 2, 0);
const engineOf = useLocalEngine(AT);
const importRows = (request: ImportRequest) =>
  createImportCustomersHandler(engineOf().deps)(request as never, LAMBDA_CONTEXT) as Promise<BatchSummary>;

const jsonlBatch = (source: string, rows: unknown[]): ImportBatch => ({
  Items: rows.map((row, index) => ({ index, row })),
  BatchInput: { source, firstRow: 1 },
});

describe('JSONL lines as the ItemReader hands them over', () => {
  test('a nested object is read as its dotted columns, as the local reader flattens it', async () => {
    // Act
    const summary = await importRows(
      jsonlBatch('sha256:jsonl-nested', [
        {
          customerId: 'nest-1',
          email: 'nest-1@example.com',
          consent: { sms: true, email: false },
          attributes: { city: 'Lyon' },
        },
      ]),
    );
    const profile = await engineOf().deps.stores.customers.get('nest-1');

    // Assess
    expect(summary).toMatchObject({ rows: 1, imported: 1, rejected: 0 });
    expect(profile).toMatchObject({
      email: 'nest-1@example.com',
      consent: { sms: true, email: false },
      attributes: { city: 'Lyon' },
    });
  });

  test('a line that is no object, or nests too deep, is one reject; the other rows are imported', async () => {
    // Prepare
    let deep: Record<string, unknown> = { customerId: 'deep-1' };
    for (let level = 0; level < 40; level += 1) deep = { inner: deep, customerId: 'deep-1' };

    // Act
    const summary = await importRows(
      jsonlBatch('sha256:jsonl-mixed', [42, { customerId: 'ok-1' }, ['a'], 'text', null, deep]),
    );

    // Assess
    expect(summary).toMatchObject({ rows: 6, imported: 1, rejected: 5 });
    expect(summary.rejects.map((reject) => [reject.row, reject.column])).toEqual([
      [1, ''],
      [3, ''],
      [4, ''],
      [5, ''],
      [6, ''],
    ]);
    expect(summary.rejects[0]?.reason).toMatch(/expected a JSON object/);
    expect(summary.rejects[4]?.reason).toMatch(/nested more than 32 levels/);
    expect(await engineOf().deps.stores.customers.get('ok-1')).toBeDefined();
  });

  test('a number too small for DynamoDB is one reject, not a failed batch', async () => {
    // Act
    const batch = jsonlBatch('sha256:jsonl-tiny', [
      { customerId: 'tiny-1', attributes: { score: 1e-200 } },
      // A declared number column, as a CSV writes it: plain decimal.
      { customerId: 'tiny-2', ratio: `0.${'0'.repeat(199)}1` },
      { customerId: 'tiny-3', attributes: { score: 1e-130, zero: 0 } },
    ]);
    const mapping = { attributes: { ratio: { column: 'ratio', type: 'number' as const } } };
    const summary = await importRows({ ...batch, BatchInput: { ...batch.BatchInput, mapping } });

    // Assess
    expect(summary).toMatchObject({ rows: 3, imported: 1, rejected: 2 });
    expect(summary.rejects.map((reject) => [reject.row, reject.column])).toEqual([
      [1, 'attributes.score'],
      [2, 'ratio'],
    ]);
    expect(summary.rejects[0]?.reason).toMatch(/at least 1e-130 in size/);
    expect((await engineOf().deps.stores.customers.get('tiny-3'))?.attributes).toEqual({
      score: 1e-130,
      zero: 0,
    });
  });
});
