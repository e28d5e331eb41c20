import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalEngine } from '../../../engine/engine.ts';
import { PAYERS } from '../../../engine/metering/payers.ts';
import type { DocumentClient } from '../../../functions/commons/dynamo/document-client.ts';
import { DAY_MS } from '../../../functions/commons/runtime/clock.ts';
import { DUPLICATE_WINDOW_MS } from '../../../functions/commons/stores/customers.ts';
import type { HttpResponse } from '../../../functions/ingest-events/events-request.ts';
import {
  CustomerEvent,
  EventBatchResult,
  type KNOWN_EVENTS,
  MAX_EVENTS_PER_BATCH,
} from '../../../workflows/contracts/customer.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';

/**
 * POST /events through the real Lambda handler chain against dynalite: every malformed event is
 * rejected on its own with the field it concerns and what was expected, and writes nothing.
 */

type KnownEvent = (typeof KNOWN_EVENTS)[number];
type RawEvent = Record<string, unknown>;

const START_AT = Date.parse('2027-06-11T02:00:00Z');
const FOREVER = Date.parse('2100-01-01T00:00:00Z');
const WORKSPACE = fileURLToPath(new URL('../../../workflows', import.meta.url));
const VALID: Record<KnownEvent, RawEvent> = JSON.parse(
  readFileSync(new URL('../../events/ingest/valid-events.json', import.meta.url), 'utf8'),
);

const WRITE_COMMANDS = [
  'PutItem',
  'UpdateItem',
  'BatchWriteItem',
  'DeleteItem',
  'TransactWriteItems',
] as const;
type WriteCommand = (typeof WRITE_COMMANDS)[number];

/** Malformed events all name this customer, so none of them may ever create its profile. */
const MALFORMED_CUSTOMER = 'cust-malformed';

let engine: LocalEngine;
let serial = 0;

beforeAll(async () => {
  engine = await LocalEngine.start({ catalog: catalogFromWorkspace(WORKSPACE), startAt: START_AT });
});

afterAll(async () => {
  await engine?.stop();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A copy of the fixture event of that name with a fresh event id, changed by `change`. */
function event(
  name: KnownEvent,
  customerId: string,
  change: (copy: RawEvent & { properties: RawEvent }) => void = () => {},
): RawEvent {
  serial += 1;
  const copy = structuredClone(VALID[name]) as RawEvent & { properties: RawEvent };
  copy.eventId = `evt-${name}-${serial}`;
  copy.customerId = customerId;
  change(copy);
  return copy;
}

/** The fixture event of that name, for a malformed case, with one change. */
const malformed = (name: KnownEvent, change: (copy: RawEvent & { properties: RawEvent }) => void): RawEvent =>
  event(name, MALFORMED_CUSTOMER, change);

function writeCounts(): Record<WriteCommand, number> {
  return Object.fromEntries(
    WRITE_COMMANDS.map((command) => [command, engine.usage.requests.get(command) ?? 0]),
  ) as Record<WriteCommand, number>;
}

function usageSnapshot(): { writes: Record<WriteCommand, number>; total: number } {
  return { writes: writeCounts(), total: engine.usage.total() };
}

function writesSince(before: Record<WriteCommand, number>): Record<WriteCommand, number> {
  const now = writeCounts();
  return Object.fromEntries(
    WRITE_COMMANDS.map((command) => [command, now[command] - before[command]]),
  ) as Record<WriteCommand, number>;
}

const post = (body: unknown): Promise<HttpResponse> => engine.postEvents(JSON.stringify(body));

/** Posts a batch that must be answered 200, and returns its per-event results (checked against the contract). */
async function postBatch(events: readonly unknown[]): Promise<EventBatchResult['results']> {
  const response = await post({ events });
  expect(response.statusCode, response.body).toBe(200);
  return EventBatchResult.parse(JSON.parse(response.body)).results;
}

const timelineOf = (customerId: string) => engine.deps.stores.events.timeline(customerId, 0, FOREVER);

interface MalformedCase {
  readonly case: string;
  readonly event: unknown;
  /** The path a problem must name: dotted from the event's root, '' for the event itself. */
  readonly path: string;
  /** A key phrase of that problem's message, saying what was expected. */
  readonly expects: string;
}

const AT_EXPECTED = 'expected an ISO 8601 time with a time zone, such as "2027-06-11T10:00:00Z"';
const OBJECT_EXPECTED = 'expected an object (a mapping of fields)';
const unknownField = (key: string): string => `unknown field "${key}"; check its spelling or remove it`;
const NAME_EXPECTED =
  'expected name to be one of signup, add_to_cart, purchase, coupon_redeemed, unsubscribe, profile_updated';

const MALFORMED: readonly MalformedCase[] = [
  // The event itself is not an object: the message says an object was expected, and what came instead.
  {
    case: 'an event that is a string',
    event: 'purchase',
    path: '',
    expects: `${OBJECT_EXPECTED}, got the text "purchase"`,
  },
  {
    case: 'an event that is an array',
    event: [VALID.purchase],
    path: '',
    expects: `${OBJECT_EXPECTED}, got a list`,
  },
  { case: 'an event that is null', event: null, path: '', expects: `${OBJECT_EXPECTED}, got null` },
  { case: 'an event that is a number', event: 42, path: '', expects: `${OBJECT_EXPECTED}, got number 42` },
  {
    case: 'an event that is a boolean',
    event: true,
    path: '',
    expects: `${OBJECT_EXPECTED}, got boolean true`,
  },
  { case: 'an empty event object', event: {}, path: 'name', expects: NAME_EXPECTED },
  {
    case: 'an extra top-level field',
    event: malformed('signup', (copy) => {
      copy.source = 'web';
    }),
    path: 'source',
    expects: unknownField('source'),
  },

  // eventId
  {
    case: 'a missing eventId',
    event: malformed('signup', (copy) => {
      copy.eventId = undefined;
    }),
    path: 'eventId',
    expects: 'is required: expected the event id as a string',
  },
  {
    case: 'a numeric eventId',
    event: malformed('signup', (copy) => {
      copy.eventId = 42;
    }),
    path: 'eventId',
    expects: 'expected the event id as a string',
  },
  {
    case: 'an empty eventId',
    event: malformed('signup', (copy) => {
      copy.eventId = '';
    }),
    path: 'eventId',
    expects: 'expected a non-empty event id',
  },
  {
    case: 'an eventId of 129 characters',
    event: malformed('signup', (copy) => {
      copy.eventId = 'e'.repeat(129);
    }),
    path: 'eventId',
    expects: 'expected an event id of at most 128 characters',
  },
  {
    case: 'an eventId with a space',
    event: malformed('signup', (copy) => {
      copy.eventId = 'evt 1';
    }),
    path: 'eventId',
    expects: 'expected an event id of letters, digits and',
  },
  {
    case: 'an eventId with a dollar sign',
    event: malformed('signup', (copy) => {
      copy.eventId = 'evt$1';
    }),
    path: 'eventId',
    expects: 'expected an event id of letters, digits and',
  },

  // customerId
  {
    case: 'a missing customerId',
    event: malformed('purchase', (copy) => {
      copy.customerId = undefined;
    }),
    path: 'customerId',
    expects: 'is required: expected the customer id as a string',
  },
  {
    case: 'a null customerId',
    event: malformed('purchase', (copy) => {
      copy.customerId = null;
    }),
    path: 'customerId',
    expects: 'expected the customer id as a string',
  },
  {
    case: 'an empty customerId',
    event: malformed('purchase', (copy) => {
      copy.customerId = '';
    }),
    path: 'customerId',
    expects: 'expected a non-empty customer id',
  },
  {
    case: 'a customerId of 129 characters',
    event: malformed('purchase', (copy) => {
      copy.customerId = 'c'.repeat(129);
    }),
    path: 'customerId',
    expects: 'expected a customer id of at most 128 characters',
  },
  {
    case: 'a customerId with a slash',
    event: malformed('purchase', (copy) => {
      copy.customerId = 'cust/1';
    }),
    path: 'customerId',
    expects: 'expected a customer id of letters, digits and',
  },
  {
    case: 'a customerId with a space',
    event: malformed('purchase', (copy) => {
      copy.customerId = 'cust 1';
    }),
    path: 'customerId',
    expects: 'expected a customer id of letters, digits and',
  },

  // at
  {
    case: 'an `at` without a time zone',
    event: malformed('add_to_cart', (copy) => {
      copy.at = '2027-06-11T02:00:00';
    }),
    path: 'at',
    expects: AT_EXPECTED,
  },
  {
    case: 'an `at` that is a date only',
    event: malformed('add_to_cart', (copy) => {
      copy.at = '2027-06-11';
    }),
    path: 'at',
    expects: AT_EXPECTED,
  },
  {
    case: 'an `at` in epoch milliseconds',
    event: malformed('add_to_cart', (copy) => {
      copy.at = START_AT;
    }),
    path: 'at',
    expects: AT_EXPECTED,
  },
  {
    case: 'an `at` in words',
    event: malformed('add_to_cart', (copy) => {
      copy.at = 'yesterday';
    }),
    path: 'at',
    expects: AT_EXPECTED,
  },
  {
    case: 'an `at` on 30 February',
    event: malformed('add_to_cart', (copy) => {
      copy.at = '2027-02-30T02:00:00Z';
    }),
    path: 'at',
    expects: AT_EXPECTED,
  },
  {
    case: 'an `at` with a space instead of T',
    event: malformed('add_to_cart', (copy) => {
      copy.at = '2027-06-11 02:00:00Z';
    }),
    path: 'at',
    expects: AT_EXPECTED,
  },
  {
    case: 'a missing `at`',
    event: malformed('add_to_cart', (copy) => {
      copy.at = undefined;
    }),
    path: 'at',
    expects: `is required: ${AT_EXPECTED}`,
  },

  // name
  {
    case: 'an unknown name',
    event: malformed('signup', (copy) => {
      copy.name = 'page_view';
    }),
    path: 'name',
    expects: NAME_EXPECTED,
  },
  {
    case: 'a name in the wrong case',
    event: malformed('purchase', (copy) => {
      copy.name = 'Purchase';
    }),
    path: 'name',
    expects: NAME_EXPECTED,
  },
  {
    case: 'a numeric name',
    event: malformed('signup', (copy) => {
      copy.name = 7;
    }),
    path: 'name',
    expects: NAME_EXPECTED,
  },
  {
    case: 'a missing name',
    event: malformed('signup', (copy) => {
      copy.name = undefined;
    }),
    path: 'name',
    expects: NAME_EXPECTED,
  },

  // properties, required and strict
  ...(['add_to_cart', 'purchase', 'coupon_redeemed', 'profile_updated'] as const).map((name) => ({
    case: `a ${name} without properties`,
    event: malformed(name, (copy) => {
      copy.properties = undefined as unknown as RawEvent;
    }),
    path: 'properties',
    expects: `is required: ${OBJECT_EXPECTED}`,
  })),
  {
    case: 'properties that are null',
    event: malformed('purchase', (copy) => {
      copy.properties = null as unknown as RawEvent;
    }),
    path: 'properties',
    expects: `${OBJECT_EXPECTED}, got null`,
  },
  {
    case: 'properties that are an array',
    event: malformed('add_to_cart', (copy) => {
      copy.properties = [] as unknown as RawEvent;
    }),
    path: 'properties',
    expects: `${OBJECT_EXPECTED}, got a list`,
  },
  {
    case: 'signup properties that are a string',
    event: malformed('signup', (copy) => {
      copy.properties = 'web' as unknown as RawEvent;
    }),
    path: 'properties',
    expects: `${OBJECT_EXPECTED}, got the text "web"`,
  },
  {
    case: 'an unknown purchase property',
    event: malformed('purchase', (copy) => {
      copy.properties.discount = 5;
    }),
    path: 'properties.discount',
    expects: unknownField('discount'),
  },
  {
    case: 'an unknown unsubscribe property',
    event: malformed('unsubscribe', (copy) => {
      copy.properties.reason = 'too many mails';
    }),
    path: 'properties.reason',
    expects: unknownField('reason'),
  },

  // add_to_cart
  {
    case: 'a cartValue given as a string',
    event: malformed('add_to_cart', (copy) => {
      copy.properties.cartValue = '299';
    }),
    path: 'properties.cartValue',
    expects: 'expected an amount as a number',
  },
  {
    case: 'a missing cartValue',
    event: malformed('add_to_cart', (copy) => {
      copy.properties.cartValue = undefined;
    }),
    path: 'properties.cartValue',
    expects: 'is required: expected an amount as a number',
  },
  {
    case: 'a negative cartValue',
    event: malformed('add_to_cart', (copy) => {
      copy.properties.cartValue = -0.01;
    }),
    path: 'properties.cartValue',
    expects: 'expected an amount of 0 or more',
  },
  {
    case: 'an empty sku',
    event: malformed('add_to_cart', (copy) => {
      copy.properties.sku = '';
    }),
    path: 'properties.sku',
    expects: 'is too short: expected at least 1 character',
  },
  {
    case: 'a category of 65 characters',
    event: malformed('add_to_cart', (copy) => {
      copy.properties.category = 'c'.repeat(65);
    }),
    path: 'properties.category',
    expects: 'is too long: expected at most 64 characters',
  },

  // purchase
  {
    case: 'a negative orderValue',
    event: malformed('purchase', (copy) => {
      copy.properties.orderValue = -1;
    }),
    path: 'properties.orderValue',
    expects: 'expected an amount of 0 or more',
  },
  {
    case: 'an orderValue above 10,000,000',
    event: malformed('purchase', (copy) => {
      copy.properties.orderValue = 10_000_001;
    }),
    path: 'properties.orderValue',
    expects: 'expected an amount below 10,000,000',
  },
  {
    case: 'an orderValue given as a string',
    event: malformed('purchase', (copy) => {
      copy.properties.orderValue = '299.00';
    }),
    path: 'properties.orderValue',
    expects: 'expected an amount as a number',
  },
  {
    case: 'a missing orderValue',
    event: malformed('purchase', (copy) => {
      copy.properties.orderValue = undefined;
    }),
    path: 'properties.orderValue',
    expects: 'is required: expected an amount as a number',
  },
  {
    case: 'an empty orderId',
    event: malformed('purchase', (copy) => {
      copy.properties.orderId = '';
    }),
    path: 'properties.orderId',
    expects: 'is too short: expected at least 1 character',
  },
  {
    case: 'a missing orderId',
    event: malformed('purchase', (copy) => {
      copy.properties.orderId = undefined;
    }),
    path: 'properties.orderId',
    expects: 'is required: expected a string',
  },
  {
    case: 'an orderId of 129 characters',
    event: malformed('purchase', (copy) => {
      copy.properties.orderId = 'o'.repeat(129);
    }),
    path: 'properties.orderId',
    expects: 'is too long: expected at most 128 characters',
  },
  {
    case: 'a couponOfferId of 65 characters',
    event: malformed('purchase', (copy) => {
      copy.properties.couponOfferId = 'x'.repeat(65);
    }),
    path: 'properties.couponOfferId',
    expects: 'is too long: expected at most 64 characters',
  },

  // coupon_redeemed
  {
    case: 'a coupon_redeemed without amount',
    event: malformed('coupon_redeemed', (copy) => {
      copy.properties.amount = undefined;
    }),
    path: 'properties.amount',
    expects: 'is required: expected an amount as a number',
  },
  {
    case: 'a coupon_redeemed amount given as a string',
    event: malformed('coupon_redeemed', (copy) => {
      copy.properties.amount = '10';
    }),
    path: 'properties.amount',
    expects: 'expected an amount as a number',
  },
  {
    case: 'a coupon_redeemed without offerId',
    event: malformed('coupon_redeemed', (copy) => {
      copy.properties.offerId = undefined;
    }),
    path: 'properties.offerId',
    expects: 'is required: expected a string',
  },

  // unsubscribe
  {
    case: "an unsubscribe from channel 'fax'",
    event: malformed('unsubscribe', (copy) => {
      copy.properties.channel = 'fax';
    }),
    path: 'properties.channel',
    expects: 'expected one of "email", "sms", "push", "in_app", "webhook"',
  },
  {
    case: 'an unsubscribe channel given as a number',
    event: malformed('unsubscribe', (copy) => {
      copy.properties.channel = 1;
    }),
    path: 'properties.channel',
    expects: 'expected one of "email", "sms", "push", "in_app", "webhook"',
  },

  // signup and profile_updated
  {
    case: 'a signup consent given as "yes"',
    event: malformed('signup', (copy) => {
      copy.properties.consent = { email: 'yes' };
    }),
    path: 'properties.consent.email',
    expects: 'expected true or false',
  },
  {
    case: 'a profile_updated consent given as null',
    event: malformed('profile_updated', (copy) => {
      copy.properties.consent = { sms: null };
    }),
    path: 'properties.consent.sms',
    expects: 'expected true or false',
  },
  {
    case: 'a consent for an unknown channel',
    event: malformed('signup', (copy) => {
      copy.properties.consent = { pigeon: true };
    }),
    path: 'properties.consent.pigeon',
    expects: unknownField('pigeon'),
  },
  {
    case: 'a consent given as an array',
    event: malformed('signup', (copy) => {
      copy.properties.consent = [true];
    }),
    path: 'properties.consent',
    expects: 'expected a mapping of names to values, got a list',
  },
  {
    case: 'an attribute holding an object',
    event: malformed('signup', (copy) => {
      copy.properties.attributes = { address: { city: 'Hangzhou' } };
    }),
    path: 'properties.attributes.address',
    expects: 'expected a string, number or boolean',
  },
  {
    case: 'an attribute holding an array',
    event: malformed('profile_updated', (copy) => {
      copy.properties.attributes = { tags: ['vip'] };
    }),
    path: 'properties.attributes.tags',
    expects: 'expected a string, number or boolean',
  },
  {
    case: 'an attribute holding null',
    event: malformed('profile_updated', (copy) => {
      copy.properties.attributes = { city: null };
    }),
    path: 'properties.attributes.city',
    expects: 'expected a string, number or boolean',
  },
  {
    case: 'attributes given as a string',
    event: malformed('profile_updated', (copy) => {
      copy.properties.attributes = 'city=Paris';
    }),
    path: 'properties.attributes',
    expects: 'expected a mapping of names to values, got the text "city=Paris"',
  },
  {
    case: 'an attribute name of 65 characters',
    event: malformed('profile_updated', (copy) => {
      copy.properties.attributes = { ['k'.repeat(65)]: 1 };
    }),
    path: `properties.attributes.${'k'.repeat(65)}`,
    // The reason after the colon is still zod's raw "Too big: expected string to have <=64 characters",
    // not the "is too long: expected at most 64 characters" a value gets (reported as a defect).
    expects: `the name "${'k'.repeat(65)}" is not allowed: `,
  },
  {
    case: 'a member flag given as a string',
    event: malformed('profile_updated', (copy) => {
      copy.properties.member = 'yes';
    }),
    path: 'properties.member',
    expects: 'expected true or false, got the text "yes"',
  },
  {
    case: 'an empty timezone',
    event: malformed('signup', (copy) => {
      copy.properties.timezone = '';
    }),
    path: 'properties.timezone',
    expects: 'is too short: expected at least 1 character',
  },
];

describe('POST /events through the Lambda handler chain', () => {
  it('starts from fixture events that are each valid on their own', () => {
    for (const [name, fixture] of Object.entries(VALID)) {
      expect(CustomerEvent.safeParse(fixture).success, name).toBe(true);
      expect(fixture.name).toBe(name);
    }
  });

  describe('a malformed event posted alone', () => {
    it('covers at least 40 distinct cases', () => {
      expect(new Set(MALFORMED.map((row) => row.case)).size).toBe(MALFORMED.length);
      expect(MALFORMED.length).toBeGreaterThanOrEqual(40);
    });

    it.each(MALFORMED)('rejects $case, naming "$path", and writes nothing', async (row) => {
      // Prepare
      const before = usageSnapshot();

      // Act
      const results = await postBatch([row.event]);

      // Assess
      expect(results).toHaveLength(1);
      const [result] = results;
      expect(result).toMatchObject({ index: 0, status: 'rejected' });
      if (result?.status !== 'rejected') return;
      expect(result.problems).toContainEqual({
        path: row.path,
        message: expect.stringContaining(row.expects),
      });
      const rawId = (row.event as { eventId?: unknown } | null)?.eventId;
      expect(result.eventId).toBe(typeof rawId === 'string' ? rawId : undefined);
      expect(usageSnapshot()).toEqual(before);
    });

    it('rejects an amount that JSON reads as Infinity (1e400)', async () => {
      // Prepare
      const purchase = malformed('purchase', () => {});
      const body = JSON.stringify({ events: [purchase] }).replace('"orderValue":299', '"orderValue":1e400');
      expect(body).toContain('1e400');
      const before = usageSnapshot();

      // Act
      const response = await engine.postEvents(body);

      // Assess
      expect(response.statusCode).toBe(200);
      const [result] = EventBatchResult.parse(JSON.parse(response.body)).results;
      expect(result).toMatchObject({
        status: 'rejected',
        problems: [{ path: 'properties.orderValue', message: 'expected an amount as a number' }],
      });
      expect(usageSnapshot()).toEqual(before);
    });

    it('lists every problem of an event with several, each under its own path', async () => {
      const event = malformed('purchase', (copy) => {
        copy.at = 'noon';
        copy.properties.orderValue = -3;
        copy.properties.orderId = '';
      });

      const [result] = await postBatch([event]);

      expect(result?.status).toBe('rejected');
      const paths = result?.status === 'rejected' ? result.problems.map((problem) => problem.path) : [];
      expect(paths).toEqual(['at', 'properties.orderId', 'properties.orderValue']);
    });

    it('rejects a full batch of 500 malformed events one by one, in order, without a request', async () => {
      // Prepare
      const events = Array.from({ length: MAX_EVENTS_PER_BATCH }, (_, index) =>
        malformed('purchase', (copy) => {
          copy.properties.orderValue = -index - 1;
        }),
      );
      const before = usageSnapshot();

      // Act
      const results = await postBatch(events);

      // Assess
      expect(results).toHaveLength(MAX_EVENTS_PER_BATCH);
      expect(results.map((result) => result.index)).toEqual(events.map((_, index) => index));
      expect(results.every((result) => result.status === 'rejected')).toBe(true);
      expect(results.map((result) => result.eventId)).toEqual(events.map((entry) => entry.eventId));
      expect(usageSnapshot()).toEqual(before);
    });

    it('never created a profile or a timeline for the customer the malformed events named', async () => {
      expect(await engine.deps.stores.customers.get(MALFORMED_CUSTOMER)).toBeUndefined();
      expect(await timelineOf(MALFORMED_CUSTOMER)).toEqual([]);
    });
  });

  describe('a batch mixing valid and invalid events', () => {
    it('answers each event in order, and the rejected ones leave their customer untouched', async () => {
      // Prepare: customer X has a profile with one order
      const x = 'cust-mixed-x';
      const y = 'cust-mixed-y';
      const z = 'cust-mixed-z';
      const setup = await postBatch([event('signup', x), event('purchase', x)]);
      expect(setup.map((result) => result.status)).toEqual(['accepted', 'accepted']);
      const profileBefore = await engine.deps.stores.customers.get(x);
      expect(profileBefore).toMatchObject({ orderCount: 1, totalSpend: 299 });
      const timelineBefore = await timelineOf(x);
      expect(timelineBefore).toHaveLength(2);
      const writesBefore = writeCounts();
      const batch = [
        event('add_to_cart', y),
        event('purchase', x, (copy) => {
          copy.properties.orderValue = -5;
        }),
        event('signup', z),
        event('purchase', x, (copy) => {
          copy.properties.orderValue = '100';
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
      const results = await postBatch(batch);

      // Assess: one result per event, at its own index
      expect(results.map((result) => result.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(results.map((result) => result.status)).toEqual([
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
      expect(results[1]).toMatchObject({
        problems: [{ path: 'properties.orderValue', message: 'expected an amount of 0 or more' }],
      });
      expect(results[3]).toMatchObject({
        problems: [{ path: 'properties.orderValue', message: 'expected an amount as a number' }],
      });
      expect(results[4]).toMatchObject({
        problems: [{ path: '', message: `${OBJECT_EXPECTED}, got the text "not an event"` }],
      });
      expect(results[6]).toMatchObject({
        problems: [{ path: 'properties.amount', message: 'is required: expected an amount as a number' }],
      });
      // The valid events were written (so the counters do see writes) ...
      const written = writesSince(writesBefore);
      expect(written.PutItem).toBeGreaterThan(0);
      expect(written.BatchWriteItem).toBeGreaterThan(0);
      expect(await engine.deps.stores.customers.get(y)).toMatchObject({ orderCount: 1, totalSpend: 120 });
      expect((await timelineOf(y)).map((stored) => stored.name).sort()).toEqual(['add_to_cart', 'purchase']);
      expect(await engine.deps.stores.customers.get(z)).toMatchObject({ member: true, orderCount: 0 });
      // ... and X's rejected purchases and coupon changed nothing of X's.
      expect(await engine.deps.stores.customers.get(x)).toEqual(profileBefore);
      expect(await timelineOf(x)).toEqual(timelineBefore);
    });
  });

  describe('a request refused whole', () => {
    it.each([
      { case: 'a body that is not JSON', body: '{"events": [' },
      { case: 'an empty body', body: '' },
      { case: 'a body of plain text', body: 'signup cust-1' },
    ])('answers 400 to $case, saying JSON is expected, and writes nothing', async ({ body }) => {
      const before = usageSnapshot();

      const response = await engine.postEvents(body);

      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe('application/json');
      expect(JSON.parse(response.body)).toEqual({
        message: 'the body is not JSON; expected {"events": [ ... ]}',
      });
      expect(usageSnapshot()).toEqual(before);
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
      const before = usageSnapshot();

      // Act
      const response = await post(row.body);

      // Assess
      expect(response.statusCode).toBe(400);
      const answer = JSON.parse(response.body);
      expect(answer.message).toBe('expected {"events": [ ... ]}');
      expect(answer.problems).toContainEqual({
        path: row.path,
        message: expect.stringContaining(row.expects),
      });
      expect(usageSnapshot()).toEqual(before);
    });

    it(`answers 413 to ${MAX_EVENTS_PER_BATCH + 1} valid events and writes none of them`, async () => {
      // Prepare
      const events = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, index) =>
        event('signup', `cust-too-many-${index}`),
      );
      const before = usageSnapshot();

      // Act
      const response = await post({ events });

      // Assess
      expect(response.statusCode).toBe(413);
      expect(JSON.parse(response.body)).toEqual({
        message: `a batch holds at most ${MAX_EVENTS_PER_BATCH} events; this one has ${MAX_EVENTS_PER_BATCH + 1}`,
      });
      expect(usageSnapshot()).toEqual(before);
      expect(await engine.deps.stores.customers.get('cust-too-many-0')).toBeUndefined();
      expect(await engine.deps.stores.customers.get(`cust-too-many-${MAX_EVENTS_PER_BATCH}`)).toBeUndefined();
    });
  });

  describe('a batch that fails part-way', () => {
    it('gives every event id back, so the retried batch is accepted and enrolls as if it had not failed', async () => {
      // Prepare: the batch's last write fails once, after its enrollments were recorded
      const customerId = 'cust-retried-batch';
      const batch = [event('signup', customerId), event('add_to_cart', customerId)];
      const control = await postBatch([
        event('signup', 'cust-control'),
        event('add_to_cart', 'cust-control'),
      ]);
      vi.spyOn(engine.depsOf(PAYERS.eventsApi).stores.events, 'appendToTimelines').mockRejectedValueOnce(
        new Error('throttled'),
      );

      // Act
      const failed = await post({ events: batch });
      const retried = await postBatch(batch);

      // Assess
      expect(failed.statusCode).toBe(500);
      expect(retried.map((result) => result.status)).toEqual(['accepted', 'accepted']);
      expect((await timelineOf(customerId)).map((stored) => stored.name)).toEqual(['signup', 'add_to_cart']);
      const enrolled = (results: EventBatchResult['results']) =>
        results.map((result) => (result.status === 'accepted' ? result.enrolled : undefined));
      expect(enrolled(control).flat()).not.toEqual([]);
      expect(enrolled(retried)).toEqual(enrolled(control));
    });
  });

  describe('a profile write whose answer is lost', () => {
    it('is recognised by its write id when the SDK sends it again, so the events are accepted once', async () => {
      // Prepare: the first profile put lands, but the caller sees the condition failure that
      // DynamoDB answers to the SDK's second send of the same put
      const customerId = 'cust-lost-answer';
      const customers = engine.depsOf(PAYERS.eventsApi).stores.customers as unknown as {
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
      const results = await postBatch([signup]);
      const again = await postBatch([signup]);

      // Assess
      expect(lost).toBe(true);
      expect(results).toEqual([expect.objectContaining({ status: 'accepted' })]);
      expect(again).toEqual([expect.objectContaining({ status: 'duplicate' })]);
      expect((await timelineOf(customerId)).map((stored) => stored.name)).toEqual(['signup']);
    });
  });

  describe('one event id for two customers', () => {
    it('is accepted for each of them: ids are unique per customer', async () => {
      // Prepare
      const first = event('signup', 'cust-shared-id-1');
      const second = { ...event('signup', 'cust-shared-id-2'), eventId: first.eventId };

      // Act
      const results = await postBatch([first, second]);

      // Assess
      expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted']);
    });
  });

  describe('an event id seen in an earlier batch', () => {
    it('is a duplicate that writes nothing', async () => {
      // Prepare: the purchase was accepted once
      const customerId = 'cust-duplicate';
      const purchase = event('purchase', customerId);
      const first = await postBatch([event('signup', customerId), purchase]);
      expect(first.map((result) => result.status)).toEqual(['accepted', 'accepted']);
      const profileBefore = await engine.deps.stores.customers.get(customerId);
      expect(profileBefore?.orderCount).toBe(1);
      const timelineBefore = await timelineOf(customerId);
      const writesBefore = writeCounts();

      // Act: the same event id again, even with another amount, in a later batch
      const retried = structuredClone(purchase) as RawEvent & { properties: RawEvent };
      retried.properties.orderValue = 999;
      const results = await postBatch([retried]);

      // Assess: the profile item's event ids tell it is a duplicate before anything is written
      expect(results).toEqual([{ index: 0, eventId: purchase.eventId, status: 'duplicate' }]);
      expect(writesSince(writesBefore)).toEqual({
        PutItem: 0,
        UpdateItem: 0,
        BatchWriteItem: 0,
        DeleteItem: 0,
        TransactWriteItems: 0,
      });
      const profileAfter = await engine.deps.stores.customers.get(customerId);
      expect(profileAfter?.orderCount).toBe(1);
      expect(profileAfter).toEqual(profileBefore);
      expect(await timelineOf(customerId)).toEqual(timelineBefore);
    });

    it('is applied once when two batches carry it at the same time', async () => {
      // Prepare
      const customerId = 'cust-duplicate-concurrent';
      await postBatch([event('signup', customerId)]);
      const purchase = event('purchase', customerId);

      // Act: both batches read the profile before either writes it
      const [first, second] = await Promise.all([postBatch([purchase]), postBatch([purchase])]);

      // Assess
      expect([first[0]?.status, second[0]?.status].sort()).toEqual(['accepted', 'duplicate']);
      expect((await engine.deps.stores.customers.get(customerId))?.orderCount).toBe(1);
      expect((await timelineOf(customerId)).filter((stored) => stored.name === 'purchase')).toHaveLength(1);
    });

    it(`is accepted again once ${DUPLICATE_WINDOW_MS / DAY_MS} days have passed`, async () => {
      // Prepare
      const customerId = 'cust-duplicate-expired';
      const signup = event('signup', customerId);
      await postBatch([signup]);

      // Act
      await engine.advanceTo(engine.clock.now() + DUPLICATE_WINDOW_MS - 60_000);
      const withinWindow = await postBatch([signup]);
      await engine.advanceTo(engine.clock.now() + 120_000);
      const afterWindow = await postBatch([signup]);

      // Assess
      expect(withinWindow).toEqual([expect.objectContaining({ status: 'duplicate' })]);
      expect(afterWindow).toEqual([expect.objectContaining({ status: 'accepted' })]);
    });
  });
});
