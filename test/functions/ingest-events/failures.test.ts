import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAYERS } from '../../../engine/metering/payers.ts';
import type { ProfileChange } from '../../../functions/commons/stores/customers.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';
import { event, postBatch, START_AT, statuses, timelineOf } from './events-api-support.ts';

/**
 * An unexpected error while one customer's events are applied fails those events only: they are
 * answered "failed" (send again), logged without customer data, and the rest of the batch is
 * written as if they had not been in it.
 */

const engineOf = useLocalEngine(START_AT);

afterEach(() => {
  vi.restoreAllMocks();
});

/** The events API's first profile write for `customerId` fails: before the write, or after it landed. */
function failProfileWrite(customerId: string, when: 'before' | 'after') {
  const customers = engineOf().depsOf(PAYERS.eventsApi).stores.customers;
  const updateRecord = customers.updateRecord.bind(customers);
  let failed = false;
  vi.spyOn(customers, 'updateRecord').mockImplementation(async (id: string, change: ProfileChange, reads) => {
    if (id !== customerId || failed) return updateRecord(id, change, reads);
    failed = true;
    if (when === 'after') await updateRecord(id, change, reads);
    throw new Error(`customer ${id} kept changing under 10 attempts to update it`);
  });
}

const FAILED_MESSAGE = 'the event could not be processed this time; send it again';

describe('a customer whose profile write fails', () => {
  it('fails that customer’s event only; the others are accepted and written', async () => {
    // Prepare
    const failing = 'jane.doe@example.com';
    const batch = [
      event('signup', 'cust-failure-ok-1'),
      event('purchase', failing, (copy) => {
        copy.properties.orderId = 'order-secret-42';
      }),
      event('add_to_cart', 'cust-failure-ok-2'),
    ];
    failProfileWrite(failing, 'before');
    const logged = vi.spyOn(engineOf().depsOf(PAYERS.eventsApi).logger, 'error');

    // Act
    const results = await postBatch(engineOf(), batch);

    // Assess
    expect(statuses(results)).toEqual(['accepted', 'failed', 'accepted']);
    expect(results[1]).toEqual({
      index: 1,
      eventId: batch[1]?.eventId,
      status: 'failed',
      message: FAILED_MESSAGE,
    });
    const customers = engineOf().deps.stores.customers;
    expect(await customers.get('cust-failure-ok-1')).toMatchObject({ member: true });
    expect(await timelineOf(engineOf(), 'cust-failure-ok-2')).toHaveLength(1);
    expect(await customers.get(failing)).toBeUndefined();
    expect(await timelineOf(engineOf(), failing)).toEqual([]);
    expect(logged).toHaveBeenCalledWith('event not processed', {
      index: 1,
      event: 'purchase',
      error: 'Error',
      message: 'customer <customer> kept changing under 10 attempts to update it',
    });
    const lines = JSON.stringify(logged.mock.calls);
    for (const secret of [failing, 'order-secret-42', 'cust-failure-ok', String(batch[1]?.eventId)])
      expect(lines).not.toContain(secret);
  });

  it('gives the event id back, so the event sent again is accepted once', async () => {
    // Prepare: the write lands, but its caller sees an error
    const customerId = 'cust-failure-landed';
    const purchase = event('purchase', customerId);
    failProfileWrite(customerId, 'after');
    const failed = await postBatch(engineOf(), [purchase, event('signup', 'cust-failure-ok-3')]);

    // Act
    const retried = await postBatch(engineOf(), [purchase]);
    const again = await postBatch(engineOf(), [purchase]);

    // Assess
    expect(statuses(failed)).toEqual(['failed', 'accepted']);
    expect(statuses(retried)).toEqual(['accepted']);
    expect(statuses(again)).toEqual(['duplicate']);
    expect((await timelineOf(engineOf(), customerId)).map((stored) => stored.name)).toEqual(['purchase']);
  });
});
