import { z } from 'zod';
import { Channel, discriminatorError, Scalar, Tier } from '../schema/primitives.ts';

const Consent = z
  .partialRecord(Channel, z.boolean({ error: 'expected true or false' }))
  .describe('Consent per channel; a channel not listed has no consent.');

/** A customer profile as stored in the customers table. */
export const CustomerProfile = z.strictObject({
  customerId: z.string().min(1).max(128),
  timezone: z.string().min(1).default('Asia/Shanghai'),
  consent: Consent.default({}),
  unsubscribed: z.boolean().default(false),
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
  .regex(/^[\w:.\-/#@]+$/, { error: 'expected an event id of letters, digits and _ : . - / # @' });

const CustomerId = z
  .string({ error: 'expected the customer id as a string' })
  .min(1, { error: 'expected a non-empty customer id' })
  .max(128, { error: 'expected a customer id of at most 128 characters' })
  .regex(/^[\w:.\-@+]+$/, { error: 'expected a customer id of letters, digits and _ : . - @ +' });

const At = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 time with a time zone, such as "2027-06-11T10:00:00Z"',
});

const Money = z
  .number({ error: 'expected an amount as a number' })
  .nonnegative({ error: 'expected an amount of 0 or more' })
  .max(10_000_000, { error: 'expected an amount below 10,000,000' });

/** What signup and profile_updated may change on a profile. */
const ProfileProperties = z.strictObject({
  timezone: z.string().min(1).optional(),
  consent: Consent.optional(),
  member: z.boolean().optional(),
  attributes: z.record(z.string().min(1).max(64), Scalar).optional(),
});

const eventBase = {
  eventId: EventId,
  customerId: CustomerId,
  at: At,
};

/** Known events carry typed properties; any other snake_case event carries free properties. */
export const CustomerEvent = z.discriminatedUnion(
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
  ],
  {
    error: discriminatorError(
      'expected name to be one of signup, add_to_cart, purchase, coupon_redeemed, unsubscribe, profile_updated',
    ),
  },
);
export type CustomerEvent = z.infer<typeof CustomerEvent>;

/** Events the journeys and the funnel understand. */
export const KNOWN_EVENTS = [
  'signup',
  'add_to_cart',
  'purchase',
  'coupon_redeemed',
  'unsubscribe',
  'profile_updated',
] as const;

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
]);
export type EventResult = z.infer<typeof EventResult>;
export const EventBatchResult = z.strictObject({ results: z.array(EventResult) });
export type EventBatchResult = z.infer<typeof EventBatchResult>;
