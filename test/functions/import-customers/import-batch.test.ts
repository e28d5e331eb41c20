import { describe, expect, test } from 'vitest';
import { LAMBDA_CONTEXT } from '../../../engine/task-handlers.ts';
import {
  createImportCustomersHandler,
  type ImportRequest,
} from '../../../functions/import-customers/handler.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';
import { changedKeys, tableItems } from '../../support/engine/table-items.ts';

/** The import function over batches shaped as a Distributed Map's ItemBatcher gives them, on dynalite. */

const AT = Date.UTC(2027, 5, 1, 2, 0);
const engineOf = useLocalEngine(AT);
const importRows = (request: ImportRequest) =>
  createImportCustomersHandler(engineOf().deps)(request as never, LAMBDA_CONTEXT);
const tables = () => [engineOf().deps.config.CUSTOMERS_TABLE, engineOf().deps.config.STATE_TABLE];

const batchOf = (source: string, rows: Record<string, unknown>[], mapping?: object): ImportRequest => ({
  Items: rows.map((row, index) => ({ index, row })),
  BatchInput: { source, firstRow: 2, ...(mapping ? { mapping } : {}) },
});

describe('the import function', () => {
  test('imports the good rows of a batch, rejects each bad one with its row and column, and writes the phone index', async () => {
    // Prepare
    const batch = batchOf(
      'sha256:batch-1',
      [
        {
          customer_id: 'imp-1',
          email: 'a@example.com',
          mobile: '138 0013 8000',
          tz: 'Asia/Shanghai',
          member: 'yes',
          orders: '4',
          orders_90d: '3',
          sms_ok: 'true',
        },
        {
          customer_id: 'imp-2',
          email: 'not-an-email',
          mobile: '',
          tz: 'Mars/Olympus',
          member: 'maybe',
          orders: '',
          orders_90d: '',
          sms_ok: '',
        },
        {
          customer_id: '',
          email: 'b@example.com',
          mobile: '',
          tz: '',
          member: 'no',
          orders: '1',
          orders_90d: '0',
          sms_ok: '',
        },
        {
          customer_id: 'imp-3',
          email: '',
          mobile: '',
          tz: '',
          member: 'true',
          orders: '0',
          orders_90d: '0',
          sms_ok: 'no',
        },
      ],
      {
        columns: {
          customerId: 'customer_id',
          phone: 'mobile',
          timezone: 'tz',
          orderCount: 'orders',
          recentOrderCount: 'orders_90d',
        },
        consent: { sms: 'sms_ok' },
        defaults: { timezone: 'Europe/London', phone_region: 'CN' },
      },
    );

    // Act
    const summary = await importRows(batch);

    // Assess
    expect(summary).toMatchObject({ rows: 4, imported: 2, unchanged: 0, rejected: 2 });
    expect((summary as { rejects: unknown[] }).rejects).toEqual([
      { row: 3, column: 'email', reason: 'expected an email address such as "name@example.com"' },
      {
        row: 3,
        column: 'tz',
        reason: 'expected an IANA time zone such as "Asia/Shanghai" or "America/New_York"',
      },
      { row: 3, column: 'member', reason: 'expected true or false (also yes/no, y/n, 1/0)' },
      { row: 4, column: 'customer_id', reason: 'is required: expected the customer id' },
    ]);
    const stores = engineOf().deps.stores;
    expect(await stores.customers.get('imp-1')).toMatchObject({
      phone: '+8613800138000',
      member: true,
      tier: 'H',
      orderCount: 4,
      consent: { sms: true },
      timezone: 'Asia/Shanghai',
      createdAt: AT,
    });
    expect(await stores.customers.get('imp-3')).toMatchObject({
      tier: 'A',
      timezone: 'Europe/London',
      consent: { sms: false },
    });
    expect(await stores.customers.get('imp-2')).toBeUndefined();
    expect(await stores.phoneIndex.customersOf('+8613800138000')).toEqual(['imp-1']);
  });

  test('a batch imported again changes no item of any table', async () => {
    // Prepare
    const batch = batchOf('sha256:batch-2', [
      {
        customerId: 'again-1',
        email: 'again@example.com',
        phone: '+447911123456',
        member: 'true',
        'consent.email': 'yes',
        'attributes.city': 'Leeds',
      },
      { customerId: 'again-2', totalSpend: '120.5', orderCount: '2', firstPurchaseAt: '2026-01-05' },
    ]);
    await importRows(batch);
    const before = await tableItems(engineOf().dynamoEndpoint, tables());

    // Act
    const summary = await importRows(batch);

    // Assess
    expect(summary).toMatchObject({ imported: 0, unchanged: 2, rejected: 0 });
    expect(changedKeys(before, await tableItems(engineOf().dynamoEndpoint, tables()))).toEqual([]);
  });

  test('a customer id on two rows of one file keeps the first; the second is rejected, in this batch or a later one', async () => {
    // Prepare
    const first = batchOf('sha256:dupes', [
      { customerId: 'dup-1', email: 'first@example.com' },
      { customerId: 'dup-1', email: 'second@example.com' },
    ]);
    const later: ImportRequest = {
      Items: [{ index: 600, row: { customerId: 'dup-1', email: 'third@example.com' } }],
      BatchInput: { source: 'sha256:dupes', firstRow: 2 },
    };

    // Act
    const inBatch = await importRows(first);
    const acrossBatches = await importRows(later);

    // Assess
    const reason = 'expected each customer id once in the file; row 2 has this one';
    expect(inBatch).toMatchObject({ imported: 1, rejects: [{ row: 3, column: 'customerId', reason }] });
    expect(acrossBatches).toMatchObject({
      imported: 0,
      rejects: [{ row: 602, column: 'customerId', reason }],
    });
    expect((await engineOf().deps.stores.customers.get('dup-1'))?.email).toBe('first@example.com');
  });

  test('a customer erased before is rejected, and their row brings back nothing', async () => {
    // Prepare
    await engineOf().deps.stores.erasures.record('gone-1', { erasedAt: Date.UTC(2027, 4, 20), removed: {} });

    // Act
    const summary = await importRows(
      batchOf('sha256:after-erasure', [{ customerId: 'gone-1', email: 'gone@example.com' }]),
    );

    // Assess
    expect(summary).toMatchObject({
      imported: 0,
      rejects: [
        {
          row: 2,
          column: 'customerId',
          reason:
            'expected a customer who was not erased; this one was erased on 2027-05-20, and an import does not bring them back',
        },
      ],
    });
    expect(await engineOf().deps.stores.customers.get('gone-1')).toBeUndefined();
  });

  test('a batch that is not shaped as an ItemBatcher gives is refused, naming the field', async () => {
    await expect(importRows({ Items: [], BatchInput: { source: 'x', firstRow: 2 } })).rejects.toThrow(
      /Items: .*at least 1|Items/,
    );
  });
});
