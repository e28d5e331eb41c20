import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CustomerEvent } from '../../../workflows/contracts/customer.ts';
import { SegmentSettings, type SegmentSettingsInput } from '../../../workflows/schema/segment-settings.ts';
import { snakeCaseEventName } from '../../../workflows/segment/event-names.ts';
import { callPath, mapSegmentCall } from '../../../workflows/segment/map-call.ts';

/** Segment calls (test/events/segment/, as analytics-node sends them) mapped onto events of Journeys. */

type Call = Record<string, unknown> & { properties?: Record<string, unknown> };
const fixture = (name: string): Call =>
  JSON.parse(readFileSync(new URL(`../../events/segment/${name}.json`, import.meta.url), 'utf8'));

const RECEIVED_AT = Date.parse('2027-06-11T03:00:00Z');
const DEFAULTS = SegmentSettings.parse({});
const map = (call: unknown, settings: SegmentSettingsInput = {}) =>
  mapSegmentCall(call, SegmentSettings.parse(settings), { receivedAt: RECEIVED_AT });

describe('mapping a Segment call', () => {
  it('maps identify to profile_updated: email, phone as E.164, the zone from context, names and scalar traits as attributes', () => {
    // Act
    const mapped = map(fixture('identify'));

    // Assess
    expect(mapped.problems).toEqual([]);
    expect(mapped.event).toEqual({
      eventId: 'node-next-1812345678901-0c1f8a3e-6c8b-4f4e-9a7e-1d2c3b4a5f60',
      customerId: 'cust-segment-1',
      name: 'profile_updated',
      at: '2027-06-11T02:30:00.000Z',
      properties: {
        email: 'ana@example.com',
        phone: '+447911123456',
        timezone: 'Europe/Lisbon',
        attributes: { first_name: 'Ana', last_name: 'Lima', plan: 'premium', logins: 12, beta: true },
      },
    });
    expect(CustomerEvent.safeParse(mapped.event).success).toBe(true);
  });

  it('maps Product Added to add_to_cart worth price × quantity, with its sku and category', () => {
    const mapped = map(fixture('product-added'));

    expect(mapped.event).toMatchObject({
      name: 'add_to_cart',
      properties: { cartValue: 56.97, sku: 'G-32', category: 'Games' },
    });
    expect(CustomerEvent.safeParse(mapped.event).success).toBe(true);
  });

  it('maps Order Completed to purchase with its order id, revenue and products', () => {
    const mapped = map(fixture('order-completed'));

    expect(mapped.event).toMatchObject({
      name: 'purchase',
      properties: {
        orderId: '50314b8e9bcf000000000000',
        orderValue: 56.97,
        products: [
          {
            productId: '507f1f77bcf86cd799439011',
            sku: 'G-32',
            name: 'Monopoly: 3rd Edition',
            price: 18.99,
            quantity: 3,
            category: 'Games',
          },
          { productId: '505', sku: 'F-15', name: 'Uno Card Game', price: 0, quantity: 1, category: 'Games' },
        ],
      },
    });
    expect(CustomerEvent.safeParse(mapped.event).success).toBe(true);
  });

  it('maps Signed Up to signup, its contact fields onto the profile', () => {
    const mapped = map(fixture('signed-up'));

    expect(mapped.event).toMatchObject({
      name: 'signup',
      properties: {
        email: 'peter@example.com',
        phone: '+14155552671',
        attributes: {
          first_name: 'Peter',
          last_name: 'Gibbons',
          type: 'organic',
          username: 'pgibbons',
          title: 'Mr',
        },
      },
    });
    expect(CustomerEvent.safeParse(mapped.event).success).toBe(true);
  });

  it('maps any other track to a custom event in snake_case, its properties as they are', () => {
    // Prepare
    const call = fixture('video-played');

    // Act
    const mapped = map(call);

    // Assess
    expect(mapped.event).toMatchObject({ name: 'video_playback_started', properties: call.properties });
    expect(CustomerEvent.safeParse(mapped.event).success).toBe(true);
  });

  it('follows the workspace: a renamed track, a rejected other one, a renamed trait', () => {
    // Prepare
    const settings = {
      tracks: { 'Video Playback Started': 'video_started' },
      other_tracks: 'reject',
      traits: { plan: 'plan_name' },
    } as const;
    const other = { ...fixture('video-played'), event: 'Video Paused' };

    // Act
    const renamed = map(fixture('video-played'), settings);
    const refused = map(other, settings);
    const identified = map(fixture('identify'), settings);

    // Assess
    expect(renamed.event?.name).toBe('video_started');
    expect(refused.problems).toEqual([
      {
        path: 'event',
        message:
          '"Video Paused" is not mapped, and segment.other_tracks is "reject": map it under segment.tracks in workspace.config.yaml',
      },
    ]);
    expect(identified.event?.properties).toMatchObject({ attributes: { plan_name: 'premium' } });
  });

  it('refuses an anonymousId-only call, saying a userId is expected', () => {
    const mapped = map(fixture('anonymous-track'));

    expect(mapped.event).toBeUndefined();
    expect(mapped.messageId).toBe('node-next-1812345678906-bf1f8a3e-6c8b-4f4e-9a7e-1d2c3b4a5f65');
    expect(mapped.problems).toEqual([
      {
        path: 'userId',
        message:
          'an anonymousId alone names a visitor, not a customer: expected a userId (identify the visitor once they sign up or sign in)',
      },
    ]);
  });

  it.each([
    ['a page call', fixture('page'), 'type', 'expected type "track" or "identify"'],
    [
      'a call without messageId',
      { ...fixture('product-added'), messageId: undefined },
      'messageId',
      'makes a retried call a duplicate',
    ],
    [
      'a Product Added without a price',
      { ...fixture('product-added'), properties: { sku: 'G-32' } },
      'properties.price',
      "expected the product's price",
    ],
    [
      'an Order Completed without an order id',
      { ...fixture('order-completed'), properties: { revenue: 10 } },
      'properties.order_id',
      'expected the order id',
    ],
    [
      'a phone without a country code',
      { ...fixture('identify'), traits: { phone: '020 7946 0958' } },
      'traits.phone',
      'with a country code',
    ],
    [
      'a timestamp that is no time',
      { ...fixture('identify'), timestamp: 'yesterday' },
      'timestamp',
      'expected an ISO 8601 time',
    ],
    [
      'an event name with no snake_case form',
      { ...fixture('video-played'), event: '加入购物车' },
      'event',
      'map it under segment.tracks',
    ],
  ])('refuses %s, naming the field', (_case, call, path, message) => {
    const mapped = map(call);

    expect(mapped.event).toBeUndefined();
    expect(mapped.problems).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it("corrects originalTimestamp by the client clock's error, as Segment does", () => {
    // Prepare: the client's clock runs 10 minutes behind
    const { timestamp: _, ...call } = fixture('video-played');
    const late = {
      ...call,
      originalTimestamp: '2027-06-11T02:40:00.000Z',
      sentAt: '2027-06-11T02:50:00.000Z',
    };

    // Act
    const mapped = mapSegmentCall(late, DEFAULTS, { receivedAt: RECEIVED_AT });

    // Assess
    expect(mapped.event?.at).toBe('2027-06-11T02:50:00.000Z');
  });

  it("corrects the timestamp analytics-node sets by the batch's sentAt, as Segment does", () => {
    // Prepare: the client's clock runs 10 minutes behind; its batch says when it was sent.
    const call = { ...fixture('video-played'), timestamp: '2027-06-11T02:40:00.000Z' };

    // Act
    const skewed = mapSegmentCall(call, DEFAULTS, {
      receivedAt: RECEIVED_AT,
      sentAt: '2027-06-11T02:50:00.000Z',
    });
    const historical = mapSegmentCall(call, DEFAULTS, { receivedAt: RECEIVED_AT });

    // Assess: without a sentAt, the time is taken as sent (an import of history).
    expect(skewed.event?.at).toBe('2027-06-11T02:50:00.000Z');
    expect(historical.event?.at).toBe('2027-06-11T02:40:00.000Z');
  });

  it('takes the timestamp Segment corrected as it is, in a call Segment delivers (with its receivedAt)', () => {
    // Prepare: as Segment's EventBridge destination delivers a call, an hour after it was sent.
    const delivered = {
      ...fixture('video-played'),
      timestamp: '2027-06-11T01:59:58.000Z',
      originalTimestamp: '2027-06-11T01:49:58.000Z',
      sentAt: '2027-06-11T01:50:00.000Z',
      receivedAt: '2027-06-11T02:00:00.000Z',
    };

    // Act
    const mapped = mapSegmentCall(delivered, DEFAULTS, { receivedAt: RECEIVED_AT });

    // Assess
    expect(mapped.event?.at).toBe('2027-06-11T01:59:58.000Z');
  });

  it('names an ingest problem where the sender wrote the field', () => {
    const { sources } = map(fixture('identify'));

    expect(callPath('properties.email', sources)).toBe('traits.email');
    expect(callPath('properties.attributes.first_name', sources)).toBe('traits.firstName');
    expect(callPath('properties.timezone', sources)).toBe('context.timezone');
    expect(callPath('customerId', sources)).toBe('userId');
  });
});

describe('a track event named as a known event', () => {
  it.each([
    ['Unsubscribe', 'segment_unsubscribe'],
    ['unsubscribe', 'segment_unsubscribe'],
    ['signup', 'segment_signup'],
    ['Email Bounced', 'segment_email_bounced'],
    ['Profile Updated', 'segment_profile_updated'],
    ['Video Played', 'video_played'],
  ])('"%s" stays a custom event: %s', (event, name) => {
    // Act
    const mapped = map({ ...fixture('video-played'), event, properties: { reason: 'x' } });

    // Assess
    expect(mapped.problems).toEqual([]);
    expect(mapped.event).toMatchObject({ name, properties: { reason: 'x' } });
  });

  it('maps onto the known event when segment.tracks says so', () => {
    const mapped = map(
      { ...fixture('video-played'), event: 'Unsubscribe', properties: {} },
      { tracks: { Unsubscribe: 'unsubscribe' } },
    );

    expect(mapped.event?.name).toBe('unsubscribe');
  });
});

describe('a Segment event name in snake_case', () => {
  it.each([
    ['Video Played', 'video_played'],
    ['checkoutStarted', 'checkout_started'],
    ['Application Opened', 'application_opened'],
    ['API Key Created', 'api_key_created'],
    ['Café Visited!', 'cafe_visited'],
    ['3D Viewed', undefined],
    ['x'.repeat(65), undefined],
  ])('"%s" is %s', (name, expected) => {
    expect(snakeCaseEventName(name)).toBe(expected);
  });
});
