import { describe, expect, it } from 'vitest';
import { MAX_EVENTS_PER_BATCH } from '../../../workflows/contracts/customer.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';
import {
  event,
  OBJECT_EXPECTED,
  post,
  postBatch,
  START_AT,
  statuses,
  timelineOf,
  usageSnapshot,
  VALID,
  writeCounts,
  writesSince,
} from './events-api-support.ts';

/**
 * POST /events through the real Lambda handler chain against dynalite: a rejected event writes
 * nothing and does not stop the others; a request refused whole writes nothing at all. What each
 * malformed event is told is the event schema's own test (test/workflows/contracts).
 */

const engineOf = useLocalEngine(START_AT);

/** Rejected events all name this customer, so none of them may ever create its profile. */
const REJECTED_CUSTOMER = 'cust-rejected';
const unknownField = (key: string): string => `unknown field "${key}"; check its spelling or remove it`;

describe('POST /events through the Lambda handler chain', () => {
  describe('a rejected event posted alone', () => {
    it.each([
      {
        case: 'a negative order value',
        event: event('purchase', REJECTED_CUSTOMER, (copy) => {
          copy.properties.orderValue = -1;
        }),
        path: 'properties.orderValue',
      },
      {
        case: 'a time zone that is not IANA',
        event: event('profile_updated', REJECTED_CUSTOMER, (copy) => {
          copy.properties.timezone = 'Mars/Olympus';
        }),
        path: 'properties.timezone',
      },
      { case: 'an event that is not an object', event: 'signup', path: '' },
    ])('is answered with its problem for $case, and reads or writes nothing', async (row) => {
      // Prepare
      const before = usageSnapshot(engineOf());

      // Act
      const [result, ...rest] = await postBatch(engineOf(), [row.event]);

      // Assess
      expect(rest).toEqual([]);
      expect(result).toMatchObject({ index: 0, status: 'rejected', problems: [{ path: row.path }] });
      const rawId = typeof row.event === 'object' ? row.event.eventId : undefined;
      expect(result?.eventId).toBe(rawId);
      expect(usageSnapshot(engineOf())).toEqual(before);
    });

    it('rejects an amount that JSON reads as Infinity (1e400)', async () => {
      // Prepare
      const purchase = event('purchase', REJECTED_CUSTOMER);
      const body = JSON.stringify({ events: [purchase] }).replace('"orderValue":299', '"orderValue":1e400');
      expect(body).toContain('1e400');
      const before = usageSnapshot(engineOf());

      // Act
      const response = await engineOf().postEvents(body);

      // Assess
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body).results).toEqual([
        {
          index: 0,
          eventId: purchase.eventId,
          status: 'rejected',
          problems: [{ path: 'properties.orderValue', message: 'expected an amount as a number' }],
        },
      ]);
      expect(usageSnapshot(engineOf())).toEqual(before);
    });

    it('rejects a full batch of 500 malformed events one by one, in order, without a request', async () => {
      // Prepare
      const events = Array.from({ length: MAX_EVENTS_PER_BATCH }, (_, index) =>
        event('purchase', REJECTED_CUSTOMER, (copy) => {
          copy.properties.orderValue = -index - 1;
        }),
      );
      const before = usageSnapshot(engineOf());

      // Act
      const results = await postBatch(engineOf(), events);

      // Assess
      expect(results.map((result) => result.index)).toEqual(events.map((_, index) => index));
      expect(statuses(results).every((status) => status === 'rejected')).toBe(true);
      expect(results.map((result) => result.eventId)).toEqual(events.map((entry) => entry.eventId));
      expect(usageSnapshot(engineOf())).toEqual(before);
    });

    it('never created a profile or a timeline for the customer the rejected events named', async () => {
      expect(await engineOf().deps.stores.customers.get(REJECTED_CUSTOMER)).toBeUndefined();
      expect(await timelineOf(engineOf(), REJECTED_CUSTOMER)).toEqual([]);
    });
  });

  describe('a batch mixing valid and invalid events', () => {
    it('answers each event in order, and the rejected ones leave their customer untouched', async () => {
      // Prepare: customer X has a profile with one order
      const [x, y, z] = ['cust-mixed-x', 'cust-mixed-y', 'cust-mixed-z'];
      const setup = await postBatch(engineOf(), [event('signup', x), event('purchase', x)]);
      expect(statuses(setup)).toEqual(['accepted', 'accepted']);
      const profileBefore = await engineOf().deps.stores.customers.get(x);
      expect(profileBefore).toMatchObject({ orderCount: 1, totalSpend: 299 });
      const timelineBefore = await timelineOf(engineOf(), x);
      const writesBefore = writeCounts(engineOf());
      const batch = [
        event('add_to_cart', y),
        event('purchase', x, (copy) => {
          copy.properties.orderValue = -5;
        }),
        event('signup', z),
        event('profile_updated', x, (copy) => {
          copy.properties.timezone = 'Mars/Olympus';
        }),
        'not an event',
        event('purchase', y, (copy) => {
          copy.properties.orderValue = 120;
        }),
        event('coupon_redeemed', x, (copy) => {
          copy.properties.amount = undefined;
        }),
      ];

      // Act
      const results = await postBatch(engineOf(), batch);

      // Assess: one result per event, at its own index
      expect(results.map((result) => result.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(statuses(results)).toEqual([
        'accepted',
        'rejected',
        'accepted',
        'rejected',
        'rejected',
        'accepted',
        'rejected',
      ]);
      expect(results.map((result) => result.eventId)).toEqual(
        batch.map((entry) => (typeof entry === 'string' ? undefined : entry.eventId)),
      );
      expect(results[4]).toMatchObject({
        problems: [{ path: '', message: `${OBJECT_EXPECTED}, got the text "not an event"` }],
      });
      // The valid events were written (so the counters do see writes) ...
      const written = writesSince(engineOf(), writesBefore);
      expect(written.PutItem).toBeGreaterThan(0);
      expect(written.BatchWriteItem).toBeGreaterThan(0);
      const customers = engineOf().deps.stores.customers;
      expect(await customers.get(y)).toMatchObject({ orderCount: 1, totalSpend: 120 });
      expect((await timelineOf(engineOf(), y)).map((stored) => stored.name).sort()).toEqual([
        'add_to_cart',
        'purchase',
      ]);
      expect(await customers.get(z)).toMatchObject({ member: true, orderCount: 0 });
      // ... and X's rejected purchase, time zone and coupon changed nothing of X's.
      expect(await customers.get(x)).toEqual(profileBefore);
      expect(await timelineOf(engineOf(), x)).toEqual(timelineBefore);
    });
  });

  describe('a request refused whole', () => {
    it.each([
      { case: 'a body that is not JSON', body: '{"events": [' },
      { case: 'an empty body', body: '' },
      { case: 'a body of plain text', body: 'signup cust-1' },
    ])('answers 400 to $case, saying JSON is expected, and writes nothing', async ({ body }) => {
      // Prepare
      const before = usageSnapshot(engineOf());

      // Act
      const response = await engineOf().postEvents(body);

      // Assess
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe('application/json');
      expect(JSON.parse(response.body)).toEqual({
        message: 'the body is not JSON; expected {"events": [ ... ]}',
      });
      expect(usageSnapshot(engineOf())).toEqual(before);
    });

    it.each([
      { case: '{}', body: {}, path: 'events', expects: 'is required: expected a list' },
      { case: '{events: []}', body: { events: [] }, path: 'events', expects: 'expected at least one event' },
      {
        case: '{events: "x"}',
        body: { events: 'x' },
        path: 'events',
        expects: 'expected a list, got the text "x"',
      },
      {
        case: '{events: null}',
        body: { events: null },
        path: 'events',
        expects: 'expected a list, got null',
      },
      {
        case: '{events: {…}}',
        body: { events: { 0: VALID.signup } },
        path: 'events',
        expects: 'expected a list, got an object',
      },
      {
        case: 'a bare array of events',
        body: [VALID.signup],
        path: '',
        expects: `${OBJECT_EXPECTED}, got a list`,
      },
      { case: 'null', body: null, path: '', expects: `${OBJECT_EXPECTED}, got null` },
      {
        case: 'an extra field beside events',
        body: { events: [VALID.signup], dryRun: true },
        path: 'dryRun',
        expects: unknownField('dryRun'),
      },
    ])('answers 400 to $case with a problem naming "$path", and writes nothing', async (row) => {
      // Prepare
      const before = usageSnapshot(engineOf());

      // Act
      const response = await post(engineOf(), row.body);

      // Assess
      expect(response.statusCode).toBe(400);
      const answer = JSON.parse(response.body);
      expect(answer.message).toBe('expected {"events": [ ... ]}');
      expect(answer.problems).toContainEqual({
        path: row.path,
        message: expect.stringContaining(row.expects),
      });
      expect(usageSnapshot(engineOf())).toEqual(before);
    });

    it(`answers 413 to ${MAX_EVENTS_PER_BATCH + 1} valid events and writes none of them`, async () => {
      // Prepare
      const events = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, index) =>
        event('signup', `cust-too-many-${index}`),
      );
      const before = usageSnapshot(engineOf());

      // Act
      const response = await post(engineOf(), { events });

      // Assess
      expect(response.statusCode).toBe(413);
      expect(JSON.parse(response.body)).toEqual({
        message: `a batch holds at most ${MAX_EVENTS_PER_BATCH} events; this one has ${MAX_EVENTS_PER_BATCH + 1}`,
      });
      expect(usageSnapshot(engineOf())).toEqual(before);
      const customers = engineOf().deps.stores.customers;
      expect(await customers.get('cust-too-many-0')).toBeUndefined();
      expect(await customers.get(`cust-too-many-${MAX_EVENTS_PER_BATCH}`)).toBeUndefined();
    });
  });
});
