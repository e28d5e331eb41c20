import { z } from 'zod';

export const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export const Id = z
  .string()
  .regex(KEBAB_CASE, {
    error: 'expected a kebab-case id such as "cart-nudge" (lowercase letters, digits, dashes)',
  })
  .max(64, { error: 'expected an id of at most 64 characters' })
  .describe('A kebab-case identifier, unique within its kind.');
export type Id = z.infer<typeof Id>;

export const DURATION_PATTERN = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

export const Duration = z
  .string()
  .regex(DURATION_PATTERN, {
    error: 'expected a duration such as "15m", "2h", "3d", "1w" or "1d12h" (units w, d, h, m, s)',
  })
  .refine((text) => text.length > 0 && text !== '0s', { error: 'expected a duration longer than zero' })
  .describe('A duration: whole numbers with units w, d, h, m, s, largest first, e.g. "1d12h".');
export type Duration = z.infer<typeof Duration>;

export const SignedDuration = z
  .string()
  .regex(/^[+-]?(?=\d)(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?$/, {
    error: 'expected a signed duration such as "-1d", "+2h" or "0d"',
  })
  .describe('A duration with an optional sign, e.g. "-1d" for one day before.');

export const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a 24-hour local time "HH:MM", such as "20:00"' })
  .describe('A wall-clock time "HH:MM" in the journey calendar time zone.');

export const DateTimeText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?$/, {
    error:
      'expected an ISO 8601 date-time such as "2027-06-18T00:00" (local to the time zone) or "2027-06-17T12:00:00Z"',
  })
  .describe('An ISO 8601 date-time. Without an offset it is read in the governing time zone.');

export const TimeZone = z
  .string()
  .min(1, { error: 'expected an IANA time zone such as "Asia/Shanghai"' })
  .describe('An IANA time zone name such as "Asia/Shanghai" or "Europe/Paris".');

export const Tier = z
  .enum(['H', 'E', 'A'])
  .describe('A-HEART member tier: H high-activity, E purchasing member, A member who never bought.');
export type Tier = z.infer<typeof Tier>;

export const Channel = z.enum(['email', 'sms', 'push', 'in_app', 'webhook']).describe('A message channel.');
export type Channel = z.infer<typeof Channel>;

export const EventName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, { error: 'expected a snake_case event name such as "add_to_cart"' })
  .describe('A customer event name, snake_case, e.g. "add_to_cart" or "purchase".');

export const AttributeName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/, {
    error: 'expected an attribute name such as "totalSpend" or "address.city"',
  })
  .describe('A profile attribute or event property, dotted for nesting.');

/**
 * The message for a discriminated union whose discriminator is wrong; a value that is missing
 * or not an object keeps the default message, which the violation formatter words itself.
 */
export function discriminatorError(message: string) {
  return (issue: { code?: string }) => (issue.code === 'invalid_union' ? message : undefined);
}

export const Scalar = z.union([z.string(), z.number(), z.boolean()], {
  error: 'expected a string, number or boolean',
});
export type Scalar = z.infer<typeof Scalar>;
