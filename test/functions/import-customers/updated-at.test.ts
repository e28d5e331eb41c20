import { describe, expect, test } from 'vitest';
import { LAMBDA_CONTEXT } from '../../../engine/task-handlers.ts';
import {
  createImportCustomersHandler,
  type ImportRequest,
} from '../../../functions/import-customers/handler.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';

/** An import never overwrites what events changed after the row's updated_at. */

const AT = Date.UTC(2027, 5, 1, 2, 0);
const engineOf = useLocalEngine(AT);
const importRow = (source: string, row: Record<string, unknown>) =>
  createImportCustomersHandler(engineOf().deps)(
    { Items: [{ index: 0, row }], BatchInput: { source, firstRow: 2 } } satisfies ImportRequest as never,
    LAMBDA_CONTEXT,
  );
const postEvents = async (events: object[]) => {
  const response = await engineOf().postEvents(JSON.stringify({ events }));
  expect(response.statusCode).toBe(200);
};
const iso = (at: number) => new Date(at).toISOString();
const HOUR = 3_600_000;

describe('the updated_at rule', () => {
  test('fields events changed after the row was updated keep the events’ values; the rest are imported', async () => {
    // Prepare: the customer gives a new address and buys, an hour before now.
    await postEvents([
      {
        eventId: 'u1-p',
        customerId: 'upd-1',
        name: 'profile_updated',
        at: iso(AT - HOUR),
        properties: { email: 'new@example.com', consent: { email: true } },
      },
      {
        eventId: 'u1-o',
        customerId: 'upd-1',
        name: 'purchase',
        at: iso(AT - HOUR),
        properties: { orderId: 'o1', orderValue: 80 },
      },
    ]);

    // Act: a file exported two hours ago still has the old address and no order.
    const summary = await importRow('sha256:older', {
      customerId: 'upd-1',
      email: 'old@example.com',
      'consent.email': 'false',
      orderCount: '0',
      member: 'true',
      'attributes.city': 'Hangzhou',
      updatedAt: iso(AT - 2 * HOUR),
    });

    // Assess
    expect(summary).toMatchObject({ imported: 1, keptFromEvents: 1 });
    expect(await engineOf().deps.stores.customers.get('upd-1')).toMatchObject({
      email: 'new@example.com',
      consent: { email: true },
      orderCount: 1,
      member: true,
      tier: 'E',
      attributes: { city: 'Hangzhou' },
    });
  });

  test('a row updated after the events overwrites what they set', async () => {
    // Prepare
    await postEvents([
      {
        eventId: 'u2-p',
        customerId: 'upd-2',
        name: 'profile_updated',
        at: iso(AT - 2 * HOUR),
        properties: { email: 'event@example.com' },
      },
    ]);

    // Act
    await importRow('sha256:newer', {
      customerId: 'upd-2',
      email: 'file@example.com',
      updatedAt: iso(AT - HOUR),
    });

    // Assess
    expect((await engineOf().deps.stores.customers.get('upd-2'))?.email).toBe('file@example.com');
  });

  test('a row without updated_at leaves every field events ever changed, and fills the others', async () => {
    // Prepare: an unsubscribe must survive an import of a file that predates it.
    await postEvents([
      { eventId: 'u3-u', customerId: 'upd-3', name: 'unsubscribe', at: iso(AT - HOUR), properties: {} },
    ]);

    // Act
    await importRow('sha256:timeless', {
      customerId: 'upd-3',
      unsubscribed: 'false',
      email: 'upd3@example.com',
    });

    // Assess
    expect(await engineOf().deps.stores.customers.get('upd-3')).toMatchObject({
      unsubscribed: true,
      email: 'upd3@example.com',
    });
  });
});
