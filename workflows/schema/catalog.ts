import { z } from 'zod';
import { durationSeconds } from '../language/duration.ts';
import { DURATION_PATTERN, Duration, discriminatorError, Id } from './primitives.ts';

const SchemaLink = z.string().optional().describe('Path to the JSON Schema, for editors.');

/** The events API's bound on an amount (workflows/contracts/customer.ts). */
const Money = z
  .number({ error: 'expected an amount of money such as 20' })
  .nonnegative({ error: 'expected an amount of 0 or more' })
  .max(10_000_000, { error: 'expected an amount below 10,000,000' });

/** Ten years: an expiry date past that is no promise, and past year 275760 no date at all. */
const MAX_VALIDITY_DAYS = 3_650;

export const CouponOffer = z
  .strictObject({
    $schema: SchemaLink,
    id: Id,
    name: z.string().min(1),
    kind: z.literal('coupon'),
    amount: Money.positive({ error: 'expected a coupon amount above 0' }).describe(
      'Discount in currency units.',
    ),
    min_spend: Money.default(0).describe('Minimum order value to redeem. @default 0'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 currency code such as "CNY"' })
      .default('CNY'),
    expires_after: Duration.refine(
      // A text the pattern refused has its own message already.
      (text) => !DURATION_PATTERN.test(text) || durationSeconds(text) <= MAX_VALIDITY_DAYS * 86_400,
      {
        error: `expected a validity of at most ${MAX_VALIDITY_DAYS}d (10 years)`,
      },
    ).describe(`Validity from the moment of the grant, e.g. "14d". At most ${MAX_VALIDITY_DAYS}d.`),
    first_order_only: z
      .boolean()
      .default(false)
      .describe(
        "Redeemable only on a customer's first order: a journey that grants or presents it must " +
          'let in only customers without an order (entry.only). @default false',
      ),
  })
  .describe('A coupon: an amount off an order above a minimum spend, valid for a while after the grant.');
export type CouponOffer = z.infer<typeof CouponOffer>;

export const PointsOffer = z
  .strictObject({
    $schema: SchemaLink,
    id: Id,
    name: z.string().min(1),
    kind: z.literal('points'),
    points: z
      .number()
      .int({ error: 'expected a whole number of points' })
      .positive({ error: 'expected points above 0' }),
    point_value: Money.default(0.01).describe('The cost of one point in currency units. @default 0.01'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 currency code such as "CNY"' })
      .default('CNY'),
  })
  .describe('Loyalty points credited to the member.');
export type PointsOffer = z.infer<typeof PointsOffer>;

export const Offer = z.discriminatedUnion('kind', [CouponOffer, PointsOffer], {
  error: discriminatorError('expected kind to be "coupon" or "points"'),
});
export type Offer = z.infer<typeof Offer>;
