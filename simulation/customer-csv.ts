import { createWriteStream } from 'node:fs';
import type { CustomerProfile } from '../workflows/contracts/customer.ts';

/** The columns of a synthetic customer file: profile field names, so it needs no mapping. */
const COLUMNS = [
  'customerId',
  'email',
  'phone',
  'timezone',
  'member',
  'unsubscribed',
  'orderCount',
  'recentOrderCount',
  'totalSpend',
  'firstPurchaseAt',
  'lastActiveAt',
  'consent.email',
  'consent.sms',
  'consent.push',
  'attributes.first_name',
  'attributes.city',
] as const;

const iso = (at: number | undefined) => (at === undefined ? '' : new Date(at).toISOString());

function cellsOf(profile: CustomerProfile): string[] {
  const attribute = (name: string) => String(profile.attributes[name] ?? '');
  return [
    profile.customerId,
    profile.email ?? '',
    profile.phone ?? '',
    profile.timezone,
    String(profile.member),
    String(profile.unsubscribed),
    String(profile.orderCount),
    String(profile.recentOrderCount),
    String(profile.totalSpend),
    iso(profile.firstPurchaseAt),
    iso(profile.lastActiveAt),
    String(profile.consent.email ?? false),
    String(profile.consent.sms ?? false),
    String(profile.consent.push ?? false),
    attribute('first_name'),
    attribute('city'),
  ];
}

/**
 * A customer base as the CSV a shop would export, for `journeys customers import` to read: the
 * synthetic base written out, so the import benchmark and its tests work on realistic rows.
 */
export async function writeCustomersCsv(file: string, profiles: Iterable<CustomerProfile>): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${COLUMNS.join(',')}\n`);
  for (const profile of profiles) {
    const line = `${cellsOf(profile)
      .map((cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell))
      .join(',')}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}
