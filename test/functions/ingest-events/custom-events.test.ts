import { describe, expect, it, vi } from 'vitest';
import { PAYERS } from '../../../engine/metering/payers.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';
import { event, postBatch, START_AT, statuses, timelineOf, usageSnapshot } from './events-api-support.ts';

/**
 * Custom events through POST /events and the Lambda handler chain against dynalite: accepted with
 * their properties as sent, refused alone when malformed, duplicates by id like any event, and
 * cheap when no journey of the catalog (here the built-in one) watches them.
 */

const engineOf = useLocalEngine(START_AT);

const custom = (eventId: string, customerId: string, name: string, properties: unknown) => ({
  eventId,
  customerId,
  name,
  at: '2027-06-11T02:30:00Z',
  properties,
});

describe('a custom event posted to the events API', () => {
  it('is accepted beside known events, and its properties go on the timeline as sent', async () => {
    // Prepare
    const properties = { screen: 'home', build: 512, tags: ['a', 'b'], device: { os: 'ios', beta: null } };
    const customerId = 'cust-custom-accepted';

    // Act
    const results = await postBatch(engineOf(), [
      event('signup', customerId),
      custom('open-1', customerId, 'app_opened', properties),
      custom('open-2', customerId, 'wishlist_item_added', undefined),
    ]);

    // Assess
    expect(statuses(results)).toEqual(['accepted', 'accepted', 'accepted']);
    const timeline = await timelineOf(engineOf(), customerId);
    expect(timeline.map((stored) => [stored.name, stored.properties])).toEqual(
      expect.arrayContaining([
        ['app_opened', properties],
        ['wishlist_item_added', {}],
      ]),
    );
    const profile = await engineOf().deps.stores.customers.get(customerId);
    expect(profile?.lastActiveAt).toBe(Date.parse('2027-06-11T02:30:00Z'));
  });

  it('is refused alone when malformed, reading and writing nothing, and the good ones beside it are accepted', async () => {
    // Prepare
    const poisoned = JSON.parse('{"settings": {"__proto__": {"admin": true}}}');
    const before = usageSnapshot(engineOf());

    // Act
    const refused = await postBatch(engineOf(), [
      custom('bad-1', 'cust-custom-refused', 'app_opened', poisoned),
      custom('bad-2', 'cust-custom-refused', 'App Opened', {}),
    ]);
    const usage = usageSnapshot(engineOf());
    const mixed = await postBatch(engineOf(), [
      custom('bad-3', 'cust-custom-mixed', 'app_opened', poisoned),
      custom('good-1', 'cust-custom-mixed', 'app_opened', { screen: 'cart' }),
    ]);

    // Assess
    expect(refused.map((result) => (result.status === 'rejected' ? result.problems[0]?.path : ''))).toEqual([
      'properties.settings.__proto__',
      'name',
    ]);
    expect(usage).toEqual(before);
    expect(statuses(mixed)).toEqual(['rejected', 'accepted']);
    expect((await timelineOf(engineOf(), 'cust-custom-mixed')).map((stored) => stored.eventId)).toEqual([
      'good-1',
    ]);
  });

  it('sent twice with the same id is a duplicate', async () => {
    const first = await postBatch(engineOf(), [custom('twice-1', 'cust-custom-twice', 'app_opened', {})]);
    const again = await postBatch(engineOf(), [custom('twice-1', 'cust-custom-twice', 'app_opened', {})]);

    expect([...statuses(first), ...statuses(again)]).toEqual(['accepted', 'duplicate']);
  });

  it('that no journey watches never reads the run memberships of its customer', async () => {
    // Prepare
    const memberships = vi.spyOn(engineOf().depsOf(PAYERS.eventsApi).stores.enrollments, 'membershipsOf');

    // Act
    await postBatch(engineOf(), [custom('unwatched-1', 'cust-custom-unwatched', 'app_opened', {})]);
    await postBatch(engineOf(), [event('add_to_cart', 'cust-custom-unwatched')]);

    // Assess: only the add to cart, which counts in funnels, reads them
    expect(memberships).toHaveBeenCalledTimes(1);
    memberships.mockRestore();
  });
});
