import { z } from 'zod';
import { Channel, Duration, discriminatorError, Id } from './primitives.ts';

const SchemaLink = z.string().optional().describe('Path to the JSON Schema, for editors.');

const Money = z
  .number({ error: 'expected an amount of money such as 20' })
  .nonnegative({ error: 'expected an amount of 0 or more' });

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
    expires_after: Duration.describe('Validity from the moment of the grant, e.g. "14d".'),
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

/** The placeholders a template may use, `{{name}}`, and what fills them when a message is sent. */
export const TEMPLATE_PLACEHOLDERS = {
  first_name: "the customer's first name (the profile attribute `first_name`)",
  customer_id: 'the customer id',
  offer_name: "the name of the send step's offer",
  offer_amount: "the send step's offer: a coupon's amount off, or a points offer's points",
} as const;
export type TemplatePlaceholder = keyof typeof TEMPLATE_PLACEHOLDERS;

/** The placeholders that need an `offer` on the send step. */
export const OFFER_PLACEHOLDERS: readonly TemplatePlaceholder[] = ['offer_name', 'offer_amount'];

export const PLACEHOLDER_PATTERN = /\{\{\s*([\w.]+)\s*\}\}/g;

/** The placeholder names a text uses, in order, each once. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1] ?? ''))];
}

const isPlaceholder = (name: string): name is TemplatePlaceholder =>
  Object.hasOwn(TEMPLATE_PLACEHOLDERS, name);

const placeholderList = Object.keys(TEMPLATE_PLACEHOLDERS)
  .map((name) => `{{${name}}}`)
  .join(', ');

/** Text with placeholders: one it does not know would reach the customer as an empty gap. */
const TemplateText = z.string().superRefine((text, context) => {
  for (const name of placeholdersIn(text).filter((name) => !isPlaceholder(name)))
    context.addIssue({
      code: 'custom',
      message: `unknown placeholder {{${name}}}; expected one of ${placeholderList}`,
    });
});

export const Template = z
  .strictObject({
    $schema: SchemaLink,
    id: Id,
    channel: Channel.describe('The channel this template is written for.'),
    subject: TemplateText.min(1)
      .optional()
      .describe('The subject line (email) or title (push, in_app); placeholders as in the body.'),
    body: TemplateText.min(1, { error: 'expected a non-empty body' }).describe(
      `The message text. Placeholders: ${Object.entries(TEMPLATE_PLACEHOLDERS)
        .map(([name, meaning]) => `{{${name}}}, ${meaning}`)
        .join('; ')}. The offer placeholders need an offer on the send step.`,
    ),
  })
  .describe('A message template for one channel.');
export type Template = z.infer<typeof Template>;
