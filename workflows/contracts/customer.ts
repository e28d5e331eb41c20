import { z } from 'zod';
import { isTimeZone } from '../language/moment.ts';
import { Channel, discriminatorError, Scalar, Tier } from '../schema/primitives.ts';
import { customEventSchema, eventNameError } from './custom-events.ts';
import { DELIVERY_EVENTS, deliveryEventSchemas } from './delivery-events.ts';
import { DEVICE_EVENTS, Device, deviceEventSchemas, MAX_DEVICES } from './device-events.ts';
import { ILL_FORMED_TEXT, illFormedTextPaths } from './well-formed-text.ts';
import { withoutProtoKey } from './without-proto-key.ts';

const Consent = withoutProtoKey(
  z.partialRecord(Channel, z.boolean({ error: 'expected true or false' })),
  'unknown field',
).describe('Consent per channel; a channel not listed has no consent.');

/** The journeys' own check of a zone (workflows/rules/time-rules.ts), so both refuse the same names. */
const TimeZoneName = z.string().refine(isTimeZone, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not an IANA time zone; expected a name such as "Asia/Shanghai" or "America/New_York"`,
});

/** An email address as the events API takes it; it is PII, so it is never logged. */
export const EmailAddress = z
  .email({ error: 'expected an email address such as "name@example.com"' })
  .max(254, { error: 'expected an email address of at most 254 characters' });

/** A mobile number in E.164 form, as SMS providers take it; it is PII, so it is never logged. */
export const PhoneNumber = z
  .string({ error: 'expected a phone number as a string' })
  .regex(/^\+[1-9]\d{6,14}$/, { error: 'expected a phone number in E.164 form, such as "+8613800138000"' });

/** Why a channel no longer reaches a customer, whatever their consent says. */
export const Suppression = z.strictObject({
  reason: z.enum(['hard_bounce', 'complaint', 'invalid_number']),
  at: z.number(),
});
export type Suppression = z.infer<typeof Suppression>;

/** A customer profile as stored in the customers table. */
export const CustomerProfile = z.strictObject({
  customerId: z.string().min(1).max(128),
  timezone: TimeZoneName.default('Asia/Shanghai'),
  consent: Consent.default({}),
  unsubscribed: z.boolean().default(false),
  email: EmailAddress.optional(),
  phone: PhoneNumber.optional(),
  /** The devices push reaches, newest last. */
  devices: z.array(Device).max(MAX_DEVICES).default([]),
  /** Channels the provider told us to stop using for this customer: a hard bounce, a complaint, an invalid number. */
  suppressed: z.partialRecord(Channel, Suppression).default({}),
  member: z.boolean().default(false),
  tier: Tier.optional(),
  orderCount: z.number().int().nonnegative().default(0),
  /** Orders in the last 90 days, for the H tier. */
  recentOrderCount: z.number().int().nonnegative().default(0),
  firstPurchaseAt: z.number().optional(),
  lastActiveAt: z.number().optional(),
  totalSpend: z.number().nonnegative().default(0),
  tags: z.array(z.string()).default([]),
  attributes: z.record(z.string(), Scalar).default({}),
  createdAt: z.number(),
});
export type CustomerProfile = z.infer<typeof CustomerProfile>;

/** The fields conditions see: custom attributes, overlaid by the profile's own fields. */
export function profileFacts(profile: CustomerProfile): Record<string, unknown> {
  return { ...profile.attributes, ...profile, isNewCustomer: profile.orderCount === 0 };
}

const EventId = z
  .string({ error: 'expected the event id as a string' })
  .min(1, { error: 'expected a non-empty event id' })
  .max(128, { error: 'expected an event id of at most 128 characters' })
  .regex(/^[\w:.\-/#@]+$/, { error: 'expected an event id of letters, digits and _ : . - / # @' })
  // Event ids are keys of the profile's map of seen ids, which cannot hold this one.
  .refine((id) => id !== '__proto__', { error: 'expected an event id other than "__proto__"' });

export const CustomerId = z
  .string({ error: 'expected the customer id as a string' })
  .min(1, { error: 'expected a non-empty customer id' })
  .max(128, { error: 'expected a customer id of at most 128 characters' })
  .regex(/^[\w:.\-@+]+$/, { error: 'expected a customer id of letters, digits and _ : . - @ +' })
  // Customer ids are keys of the maps in shard, grant and deferral items, which cannot hold this one.
  .refine((id) => id !== '__proto__', { error: 'expected a customer id other than "__proto__"' });

const At = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 time with a time zone, such as "2027-06-11T10:00:00Z"',
});

const Money = z
  .number({ error: 'expected an amount as a number' })
  .nonnegative({ error: 'expected an amount of 0 or more' })
  .max(10_000_000, { error: 'expected an amount below 10,000,000' });

/** The most attributes one event sets, and the longest text of one: a profile is one item of at most 400 KB. */
export const ATTRIBUTE_LIMITS = { perEvent: 100, textLength: 1_000 } as const;

/** An attribute's value; a number no bigger than DynamoDB's document API writes exactly. */
const AttributeValue = z.union(
  [
    z.string().max(ATTRIBUTE_LIMITS.textLength, {
      error: `expected text of at most ${ATTRIBUTE_LIMITS.textLength} characters`,
    }),
    z.number().refine((value) => Math.abs(value) <= Number.MAX_SAFE_INTEGER, {
      error: `expected a number from ${-Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`,
    }),
    z.boolean(),
  ],
  { error: 'expected a string, number or boolean' },
);

/** What signup and profile_updated may change on a profile. */
const ProfileProperties = z.strictObject({
  timezone: TimeZoneName.optional(),
  email: EmailAddress.optional(),
  phone: PhoneNumber.optional(),
  consent: Consent.optional(),
  member: z.boolean().optional(),
  attributes: withoutProtoKey(
    z
      .record(z.string().min(1).max(64), AttributeValue)
      .refine((attributes) => Object.keys(attributes).length <= ATTRIBUTE_LIMITS.perEvent, {
        error: `expected at most ${ATTRIBUTE_LIMITS.perEvent} attributes in one event`,
      }),
    'reserved name',
  ).optional(),
});

/** The most products a purchase lists: beyond that, the order is still counted, without its lines. */
export const MAX_ORDER_PRODUCTS = 100;

/** One line of an order, as the e-commerce specs (Segment's, RudderStack's) describe a product. */
const PurchasedProduct = z.strictObject({
  productId: z.string().min(1).max(128).optional(),
  sku: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(200).optional(),
  category: z.string().min(1).max(64).optional(),
  price: Money.optional(),
  quantity: z
    .number({ error: 'expected a quantity as a number' })
    .int({ error: 'expected a whole quantity' })
    .positive({ error: 'expected a quantity of 1 or more' })
    .max(100_000, { error: 'expected a quantity of at most 100,000' })
    .optional(),
});

const eventBase = {
  eventId: EventId,
  customerId: CustomerId,
  at: At,
};

/** Events the journeys and the funnel understand, each with typed properties. */
export const KNOWN_EVENTS = [
  'signup',
  'add_to_cart',
  'purchase',
  'coupon_redeemed',
  'unsubscribe',
  'profile_updated',
  ...DELIVERY_EVENTS,
  ...DEVICE_EVENTS,
] as const;
export type KnownEventName = (typeof KNOWN_EVENTS)[number];
const KNOWN_EVENT_NAMES: ReadonlySet<string> = new Set(KNOWN_EVENTS);

export const KnownEvent = z.discriminatedUnion(
  'name',
  [
    z.strictObject({
      ...eventBase,
      name: z.literal('signup'),
      properties: ProfileProperties.default({}),
    }),
    z.strictObject({
      ...eventBase,
      name: z.literal('add_to_cart'),
      properties: z.strictObject({
        cartValue: Money,
        sku: z.string().min(1).max(64).optional(),
        category: z.string().min(1).max(64).optional(),
      }),
    }),
    z.strictObject({
      ...eventBase,
      name: z.literal('purchase'),
      properties: z.strictObject({
        orderId: z.string().min(1).max(128),
        orderValue: Money,
        couponOfferId: z.string().min(1).max(64).optional(),
        category: z.string().min(1).max(64).optional(),
        products: z
          .array(PurchasedProduct)
          .max(MAX_ORDER_PRODUCTS, { error: `expected at most ${MAX_ORDER_PRODUCTS} products` })
          .optional(),
      }),
    }),
    z.strictObject({
      ...eventBase,
      name: z.literal('coupon_redeemed'),
      properties: z.strictObject({
        offerId: z.string().min(1).max(64),
        orderId: z.string().min(1).max(128),
        amount: Money,
      }),
    }),
    z.strictObject({
      ...eventBase,
      name: z.literal('unsubscribe'),
      properties: z.strictObject({ channel: Channel.optional() }).default({}),
    }),
    z.strictObject({
      ...eventBase,
      name: z.literal('profile_updated'),
      properties: ProfileProperties,
    }),
    ...deliveryEventSchemas(eventBase),
    ...deviceEventSchemas(eventBase),
  ],
  { error: discriminatorError(eventNameError(KNOWN_EVENTS)) },
);
export type KnownEvent = z.infer<typeof KnownEvent>;

const CustomEvent = customEventSchema(eventBase, KNOWN_EVENTS);
export type CustomEvent = z.infer<typeof CustomEvent>;

export const isKnownEventName = (name: string): name is KnownEventName => KNOWN_EVENT_NAMES.has(name);
export const isKnownEvent = (event: CustomerEvent): event is KnownEvent => isKnownEventName(event.name);

/**
 * An event of the events API: a known name parses with its typed properties, any other name as a
 * custom event with JSON properties (workflows/contracts/custom-events.ts).
 */
export const CustomerEvent: z.ZodType<KnownEvent | CustomEvent, unknown> = z
  .unknown()
  .transform((input, ctx) => {
    const illFormed = illFormedTextPaths(input);
    for (const path of illFormed) ctx.issues.push({ code: 'custom', path, message: ILL_FORMED_TEXT, input });
    if (illFormed.length > 0) return z.NEVER;
    const name = typeof input === 'object' && input !== null ? (input as { name?: unknown }).name : undefined;
    // What is not an object at all gets the known events' answer: "expected an object".
    const custom = typeof input === 'object' && input !== null && !Array.isArray(input);
    const known = !custom || (typeof name === 'string' && isKnownEventName(name));
    const parsed = (known ? KnownEvent : CustomEvent).safeParse(input, { reportInput: true });
    if (parsed.success) return parsed.data as KnownEvent | CustomEvent;
    // The chosen schema's issues as they are: the same paths and messages as parsing with it alone.
    for (const issue of parsed.error.issues) ctx.issues.push(issue as unknown as z.core.$ZodRawIssue);
    return z.NEVER;
  });
export type CustomerEvent = KnownEvent | CustomEvent;

export const MAX_EVENTS_PER_BATCH = 500;

export const EventBatch = z.strictObject({
  events: z.array(z.unknown()).min(1, { error: 'expected at least one event' }),
});

export const EventResult = z.discriminatedUnion('status', [
  z.strictObject({
    index: z.number().int(),
    eventId: z.string().optional(),
    status: z.literal('accepted'),
    enrolled: z.array(z.string()),
  }),
  z.strictObject({ index: z.number().int(), eventId: z.string().optional(), status: z.literal('duplicate') }),
  z.strictObject({
    index: z.number().int(),
    eventId: z.string().optional(),
    status: z.literal('rejected'),
    problems: z.array(z.strictObject({ path: z.string(), message: z.string() })),
  }),
  /** Not processed for a reason of the server's; its id was not kept, so it is processed when sent again. */
  z.strictObject({
    index: z.number().int(),
    eventId: z.string().optional(),
    status: z.literal('failed'),
    message: z.string(),
  }),
]);
export type EventResult = z.infer<typeof EventResult>;
export const EventBatchResult = z.strictObject({ results: z.array(EventResult) });
export type EventBatchResult = z.infer<typeof EventBatchResult>;
