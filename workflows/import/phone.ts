import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { PhoneNumber } from '../contracts/customer.ts';
import type { CellReading } from './cell-values.ts';

/**
 * A phone number in any common form ("138 0013 8000", "+44 7911 123456", "(415) 555-2671") as
 * E.164, which SMS providers take. A number without a country code is read in `region`, and
 * refused when there is none: guessing a country would text a stranger.
 */
export function normalizePhone(text: string, region: string | undefined): CellReading<string> {
  const expected = region
    ? `a phone number valid in ${region} or with a country code, such as "+8613800138000"`
    : 'a phone number with a country code, such as "+8613800138000" (or set defaults.phone_region in the mapping)';
  const parsed = parsePhoneNumberFromString(text, region as CountryCode | undefined);
  if (!parsed?.isValid()) return { ok: false, expected };
  const number = parsed.number;
  return PhoneNumber.safeParse(number).success ? { ok: true, value: number } : { ok: false, expected };
}
