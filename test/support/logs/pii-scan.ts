import type { CustomerProfile } from '../../../workflows/contracts/customer.ts';

/** A piece of personal data found in a log line, and which customer's it is. */
export interface PiiFinding {
  readonly line: number;
  readonly customerId: string;
  readonly field: 'email' | 'phone' | 'first_name';
  readonly value: string;
}

/** The base's emails, phones and first names, each with the customers it belongs to. */
export function personalData(
  base: readonly Pick<CustomerProfile, 'customerId' | 'email' | 'phone' | 'attributes'>[],
): Map<string, PiiFinding> {
  const values = new Map<string, PiiFinding>();
  const add = (customerId: string, field: PiiFinding['field'], value: unknown) => {
    if (typeof value === 'string' && value !== '' && !values.has(value))
      values.set(value, { line: -1, customerId, field, value });
  };
  for (const profile of base) {
    add(profile.customerId, 'email', profile.email);
    add(profile.customerId, 'phone', profile.phone);
    add(profile.customerId, 'first_name', profile.attributes.first_name);
  }
  return values;
}

/**
 * Every value of `data` that stands whole in a line: a name as a word of its own (so "Min" is not
 * found in "Minute"), an email in any case, a phone with or without its "+".
 */
export function scanForPii(lines: readonly string[], data: Map<string, PiiFinding>): PiiFinding[] {
  const patterns = [...data.values()].map((entry) => ({
    entry,
    pattern: new RegExp(
      entry.field === 'first_name'
        ? `\\b${escaped(entry.value)}\\b`
        : entry.field === 'phone'
          ? `\\+?${escaped(entry.value.replace(/^\+/, ''))}`
          : escaped(entry.value),
      entry.field === 'email' ? 'i' : '',
    ),
  }));
  const found: PiiFinding[] = [];
  lines.forEach((text, line) => {
    for (const { entry, pattern } of patterns) if (pattern.test(text)) found.push({ ...entry, line });
  });
  return found;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
