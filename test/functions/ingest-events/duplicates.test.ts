import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAYERS } from '../../../engine/metering/payers.ts';
import type { DocumentClient } from '../../../functions/commons/dynamo/document-client.ts';
import { DAY_MS } from '../../../functions/commons/runtime/clock.ts';
import { DUPLICATE_WINDOW_MS } from '../../../functions/commons/stores/customers.ts';
import type { EventBatchResult } from '../../../workflows/contracts/customer.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';
import {
  event,
  NO_WRITES,
  post,
  postBatch,
  type RawEvent,
  START_AT,
  statuses,
  timelineOf,
  writeCounts,
  writesSince,
} from './events-api-support.ts';

/**
 * Exactly once through POST /events on dynalite: an event id is applied once per customer,
 * whether it comes again later, twice at the same time, or in a batch retried after a failure.
 */

const engineOf = useLocalEngine(START_AT);

afterEach(() => {
  vi.restoreAllMocks();
});

const enrolled = (results: EventBatchResult['results']) =>
  results.map((result) => (result.status === 'accepted' ? result.enrolled : undefined));

describe('an event id seen in an earlier batch', () => {
  it('is a duplicate that writes nothing', async () => {
    // Prepare: the purchase was accepted once
    const customerId = 'cust-duplicate';
    const purchase = event('purchase', customerId);
    const first = await postBatch(engineOf(), [event('signup', customerId), purchase]);
    expect(statuses(first)).toEqual(['accepted', 'accepted']);
    const profileBefore = await engineOf().deps.stores.customers.get(customerId);
    expect(profileBefore?.orderCount).toBe(1);
    const timelineBefore = await timelineOf(engineOf(), customerId);
    const writesBefore = writeCounts(engineOf());

    // Act: the same event id again, even with another amount, in a later batch
    const retried: RawEvent = structuredClone(purchase);
    retried.properties.orderValue = 999;
    const results = await postBatch(engineOf(), [retried]);

    // Assess: the profile item's event ids tell it is a duplicate before anything is written
    expect(results).toEqual([{ index: 0, eventId: purchase.eventId, status: 'duplicate' }]);
    expect(writesSince(engineOf(), writesBefore)).toEqual(NO_WRITES);
    expect(await engineOf().deps.stores.customers.get(customerId)).toEqual(profileBefore);
    expect(await timelineOf(engineOf(), customerId)).toEqual(timelineBefore);
  });

  it('is applied once when two batches carry it at the same time', async () => {
    // Prepare
    const customerId = 'cust-duplicate-concurrent';
    await postBatch(engineOf(), [event('signup', customerId)]);
    const purchase = event('purchase', customerId);

    // Act: both batches read the profile before either writes it
    const [first, second] = await Promise.all([
      postBatch(engineOf(), [purchase]),
      postBatch(engineOf(), [purchase]),
    ]);

    // Assess
    expect([first[0]?.status, second[0]?.status].sort()).toEqual(['accepted', 'duplicate']);
    expect((await engineOf().deps.stores.customers.get(customerId))?.orderCount).toBe(1);
    const purchases = (await timelineOf(engineOf(), customerId)).filter(
      (stored) => stored.name === 'purchase',
    );
    expect(purchases).toHaveLength(1);
  });

  it(`is accepted again once ${DUPLICATE_WINDOW_MS / DAY_MS} days have passed`, async () => {
    // Prepare
    const customerId = 'cust-duplicate-expired';
    const engine = engineOf();
    const signup = event('signup', customerId);
    await postBatch(engine, [signup]);

    // Act
    await engine.advanceTo(engine.clock.now() + DUPLICATE_WINDOW_MS - 60_000);
    const withinWindow = await postBatch(engine, [signup]);
    await engine.advanceTo(engine.clock.now() + 120_000);
    const afterWindow = await postBatch(engine, [signup]);

    // Assess
    expect(statuses(withinWindow)).toEqual(['duplicate']);
    expect(statuses(afterWindow)).toEqual(['accepted']);
  });
});

describe('one event id for two customers', () => {
  it('is accepted for each of them: ids are unique per customer', async () => {
    // Prepare
    const first = event('signup', 'cust-shared-id-1');
    const second = { ...event('signup', 'cust-shared-id-2'), eventId: first.eventId };

    // Act
    const results = await postBatch(engineOf(), [first, second]);

    // Assess
    expect(statuses(results)).toEqual(['accepted', 'accepted']);
  });
});

describe('a batch that fails part-way', () => {
  it('gives every event id back, so the retried batch is accepted and enrolls as if it had not failed', async () => {
    // Prepare: the batch's last write fails once, after its enrollments were recorded
    const customerId = 'cust-retried-batch';
    const batch = [event('signup', customerId), event('add_to_cart', customerId)];
    const control = await postBatch(engineOf(), [
      event('signup', 'cust-control'),
      event('add_to_cart', 'cust-control'),
    ]);
    vi.spyOn(engineOf().depsOf(PAYERS.eventsApi).stores.events, 'appendToTimelines').mockRejectedValueOnce(
      new Error('throttled'),
    );

    // Act
    const failed = await post(engineOf(), { events: batch });
    const retried = await postBatch(engineOf(), batch);

    // Assess
    expect(failed.statusCode).toBe(500);
    expect(statuses(retried)).toEqual(['accepted', 'accepted']);
    const names = (await timelineOf(engineOf(), customerId)).map((stored) => stored.name);
    expect(names).toEqual(['signup', 'add_to_cart']);
    expect(enrolled(control).flat()).not.toEqual([]);
    expect(enrolled(retried)).toEqual(enrolled(control));
  });
});

describe('a profile write whose answer is lost', () => {
  it('is recognised by its write id when the SDK sends it again, so the events are accepted once', async () => {
    // Prepare: the first profile put lands, but the caller sees the condition failure that
    // DynamoDB answers to the SDK's second send of the same put
    const customerId = 'cust-lost-answer';
    const customers = engineOf().depsOf(PAYERS.eventsApi).stores.customers as unknown as {
      client: DocumentClient;
    };
    const put = customers.client.put.bind(customers.client);
    let lost = false;
    vi.spyOn(customers.client, 'put').mockImplementation(async (input) => {
      const output = await put(input);
      if (!lost && input.Item?.pk === customerId) {
        lost = true;
        throw Object.assign(new Error('The conditional request failed'), {
          name: 'ConditionalCheckFailedException',
        });
      }
      return output;
    });
    const signup = event('signup', customerId);

    // Act
    const results = await postBatch(engineOf(), [signup]);
    const again = await postBatch(engineOf(), [signup]);

    // Assess
    expect(lost).toBe(true);
    expect(statuses(results)).toEqual(['accepted']);
    expect(statuses(again)).toEqual(['duplicate']);
    expect((await timelineOf(engineOf(), customerId)).map((stored) => stored.name)).toEqual(['signup']);
  });
});
