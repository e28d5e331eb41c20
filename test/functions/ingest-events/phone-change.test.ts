import { describe, expect, test } from 'vitest';
import { LAMBDA_CONTEXT } from '../../../engine/task-handlers.ts';
import { createImportCustomersHandler } from '../../../functions/import-customers/handler.ts';
import { event, post } from '../../support/engine/engine-harness.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';

/** The phone index names a customer under the number they have, not under one they gave up. */

const AT = Date.UTC(2027, 5, 11, 2, 0);
const engineOf = useLocalEngine(AT);
const index = () => engineOf().deps.stores.phoneIndex;

describe('a changed phone number', () => {
  test('given by an event: the old number no longer names the customer, the new one does', async () => {
    // Prepare
    const engine = engineOf();
    await post(engine, [event(engine, 'su-1', 'ph-1', 'signup', { phone: '+15555550101' })]);
    const before = await index().customersOf('+15555550101');

    // Act
    await post(engine, [event(engine, 'pu-1', 'ph-1', 'profile_updated', { phone: '+15555550102' })]);

    // Assess
    expect(before).toEqual(['ph-1']);
    expect(await index().customersOf('+15555550101')).toEqual([]);
    expect(await index().customersOf('+15555550102')).toEqual(['ph-1']);
  });

  test('given by an import: the same', async () => {
    // Prepare
    const importRows = (source: string, phone: string) =>
      createImportCustomersHandler(engineOf().deps)(
        {
          Items: [{ index: 0, row: { customerId: 'ph-2', phone } }],
          BatchInput: { source, firstRow: 2 },
        } as never,
        LAMBDA_CONTEXT,
      );
    await importRows('sha256:phones-1', '+8613800138000');
    const before = await index().customersOf('+8613800138000');

    // Act
    await importRows('sha256:phones-2', '+8613900139000');

    // Assess
    expect(before).toEqual(['ph-2']);
    expect(await index().customersOf('+8613800138000')).toEqual([]);
    expect(await index().customersOf('+8613900139000')).toEqual(['ph-2']);
  });
});
