import { describe, expect, it } from 'vitest';
import { UpdateStep } from '../../../workflows/schema/steps.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';
import { event, postBatch, START_AT, statuses, timelineOf } from './events-api-support.ts';

/**
 * Names every plain object inherits (constructor, toString, ...) are customer data like any other
 * wherever it becomes an object: profile attributes, event ids, customer ids, and the attributes
 * and tags an update step sets. "__proto__" is refused by the schemas (test/workflows/contracts),
 * as a customer id too: the stores keep maps keyed by customer id.
 */

const engineOf = useLocalEngine(START_AT);

const STORABLE_KEYS = ['constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'] as const;
const INHERITED_KEYS = ['__proto__', ...STORABLE_KEYS] as const;
/** An object with `key` as its own field, as JSON.parse makes it. */
const withOwn = (key: string, value: unknown): Record<string, unknown> =>
  JSON.parse(JSON.stringify({ [key]: value }));

describe('an attribute named "constructor" in a batch', () => {
  it('is stored like any other, and the batch’s other events with it', async () => {
    // Prepare: the batch that failed whole with a 500
    const body = {
      events: [
        { eventId: 'ok-1', customerId: 'cust-ctor-1', name: 'signup', at: '2027-06-11T02:00:00Z' },
        {
          eventId: 'x',
          customerId: 'cust-ctor-2',
          name: 'profile_updated',
          at: '2027-06-11T02:00:00Z',
          properties: { attributes: { constructor: 'x' } },
        },
      ],
    };

    // Act
    const response = await engineOf().postEvents(JSON.stringify(body));

    // Assess
    expect(response.statusCode, response.body).toBe(200);
    expect(JSON.parse(response.body).results.map((result: { status: string }) => result.status)).toEqual([
      'accepted',
      'accepted',
    ]);
    const customers = engineOf().deps.stores.customers;
    expect(await customers.get('cust-ctor-1')).toMatchObject({ member: true });
    expect((await customers.get('cust-ctor-2'))?.attributes).toEqual(withOwn('constructor', 'x'));
    const [stored] = await timelineOf(engineOf(), 'cust-ctor-2');
    expect(stored?.properties).toEqual({ attributes: withOwn('constructor', 'x') });
  });
});

describe('a name every plain object inherits', () => {
  it.each(STORABLE_KEYS)(
    'is a profile attribute set, read back and changed like any other: "%s"',
    async (key) => {
      // Prepare
      const customerId = `cust-attribute-${key}`;
      const signup = event('signup', customerId, (copy) => {
        copy.properties.attributes = withOwn(key, 'first');
      });
      const update = event('profile_updated', customerId, (copy) => {
        copy.properties.attributes = { ...withOwn(key, 'second'), city: 'Paris' };
      });

      // Act
      const first = await postBatch(engineOf(), [signup]);
      const second = await postBatch(engineOf(), [update]);

      // Assess
      expect(statuses([...first, ...second])).toEqual(['accepted', 'accepted']);
      const profile = await engineOf().deps.stores.customers.get(customerId);
      expect(profile?.attributes).toEqual({ ...withOwn(key, 'second'), city: 'Paris' });
      expect(Object.hasOwn(profile?.attributes ?? {}, key)).toBe(true);
    },
  );

  it.each(STORABLE_KEYS)('is an event id applied once, then a duplicate: "%s"', async (key) => {
    // Prepare
    const purchase = event('purchase', `cust-event-id-${key}`, (copy) => {
      copy.eventId = key;
    });

    // Act
    const first = await postBatch(engineOf(), [purchase]);
    const again = await postBatch(engineOf(), [purchase]);

    // Assess
    expect(statuses(first)).toEqual(['accepted']);
    expect(statuses(again)).toEqual(['duplicate']);
    expect((await engineOf().deps.stores.customers.get(`cust-event-id-${key}`))?.orderCount).toBe(1);
  });

  it.each(STORABLE_KEYS)('is a customer id like any other: "%s"', async (customerId) => {
    // Act
    const results = await postBatch(engineOf(), [event('signup', customerId), event('purchase', customerId)]);

    // Assess
    expect(statuses(results)).toEqual(['accepted', 'accepted']);
    expect(await engineOf().deps.stores.customers.get(customerId)).toMatchObject({
      customerId,
      orderCount: 1,
    });
    expect((await timelineOf(engineOf(), customerId)).map((stored) => stored.name)).toEqual([
      'purchase',
      'signup',
    ]);
  });

  it('is an attribute and a tag an update step sets, read back as set', async () => {
    // Prepare: what the update step writes, from a step as the journey schema reads it
    const customerId = 'cust-update-step';
    await postBatch(engineOf(), [event('signup', customerId)]);
    const step = UpdateStep.parse({
      id: 'mark',
      kind: 'update',
      set: Object.fromEntries(STORABLE_KEYS.map((key) => [key, `set-${key}`])),
      add_tags: [...INHERITED_KEYS],
    });
    const customers = engineOf().deps.stores.customers;

    // Act
    await customers.update(customerId, (profile) =>
      profile
        ? {
            ...profile,
            attributes: { ...profile.attributes, ...step.set },
            tags: [...new Set([...profile.tags, ...(step.add_tags ?? [])])].sort(),
          }
        : undefined,
    );

    // Assess
    const profile = await customers.get(customerId);
    for (const key of STORABLE_KEYS) expect(profile?.attributes[key], key).toBe(`set-${key}`);
    expect(profile?.tags).toEqual([...INHERITED_KEYS].sort());
  });
});
