import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * An E.164 number as SMS providers write it, so the number a customer gave and the one a reply
 * comes from are the same text: "+4407700900123" (a trunk 0 kept after the country code) is
 * "+447700900123". A number libphonenumber cannot read as possible stays as given.
 */
export function canonicalPhone(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone);
  return parsed?.isPossible() ? parsed.number : phone;
}
