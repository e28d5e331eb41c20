import { describe, expect, it } from 'vitest';
import { DAY_MS, MINUTE_MS } from '../../../functions/commons/runtime/clock.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';
import { event, postBatch, START_AT, statuses, usageSnapshot } from './events-api-support.ts';

/**
 * An event's time must be one the server can believe: not ahead of its clock by more than a
 * small skew, not older than the timeline keeps events (EVENT_TTL_DAYS, 400 days by default).
 * Such an event is rejected, naming `at`, and writes nothing: no profile, no journey.
 */

const engineOf = useLocalEngine(START_AT);

const iso = (at: number) => new Date(at).toISOString();

describe('an event dated too far from the clock', () => {
  it.each([
    { case: 'a purchase in the year 9999', name: 'purchase' as const, at: '9999-12-31T23:59:59Z' },
    {
      case: 'an add_to_cart 6 minutes ahead of the clock',
      name: 'add_to_cart' as const,
      at: iso(START_AT + 6 * MINUTE_MS),
    },
  ])('rejects $case as in the future, and writes nothing', async (row) => {
    // Prepare
    const customerId = `cust-future-${row.name}`;
    const before = usageSnapshot(engineOf());

    // Act
    const results = await postBatch(engineOf(), [
      event(row.name, customerId, (copy) => {
        copy.at = row.at;
      }),
    ]);

    // Assess
    expect(results).toMatchObject([
      {
        status: 'rejected',
        problems: [{ path: 'at', message: expect.stringContaining(`"${row.at}" is in the future`) }],
      },
    ]);
    expect(usageSnapshot(engineOf())).toEqual(before);
    expect(await engineOf().deps.stores.customers.get(customerId)).toBeUndefined();
  });

  it.each([
    { case: 'an add_to_cart of 1970', at: '1970-01-01T00:00:00Z' },
    { case: 'an add_to_cart 401 days old', at: iso(START_AT - 401 * DAY_MS) },
  ])('rejects $case as older than events are kept, so it enters no journey', async (row) => {
    // Prepare
    const before = usageSnapshot(engineOf());

    // Act
    const results = await postBatch(engineOf(), [
      event('add_to_cart', 'cust-ancient-cart', (copy) => {
        copy.at = row.at;
      }),
    ]);

    // Assess
    expect(results).toMatchObject([
      {
        status: 'rejected',
        problems: [
          {
            path: 'at',
            message: expect.stringContaining(`"${row.at}" is older than the 400 days events are kept`),
          },
        ],
      },
    ]);
    expect(usageSnapshot(engineOf())).toEqual(before);
  });

  it('accepts events within the clock skew and within the retention, and they count', async () => {
    // Prepare
    const customerId = 'cust-times-within';
    const batch = [
      event('signup', customerId, (copy) => {
        copy.at = iso(START_AT - 399 * DAY_MS);
      }),
      event('purchase', customerId, (copy) => {
        copy.at = iso(START_AT + 4 * MINUTE_MS);
      }),
    ];

    // Act
    const results = await postBatch(engineOf(), batch);

    // Assess
    expect(statuses(results)).toEqual(['accepted', 'accepted']);
    expect(await engineOf().deps.stores.customers.get(customerId)).toMatchObject({
      orderCount: 1,
      firstPurchaseAt: START_AT + 4 * MINUTE_MS,
      lastActiveAt: START_AT + 4 * MINUTE_MS,
    });
  });
});
