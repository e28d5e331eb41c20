import { createWriteStream } from 'node:fs';

const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'Europe/London', 'America/Los_Angeles'];

/** The header of the generated files: the profile field names, so no mapping is needed. */
export const GENERATED_HEADER =
  'customerId,email,phone,timezone,member,orderCount,recentOrderCount,totalSpend,firstPurchaseAt,consent.email,consent.sms,attributes.city,updatedAt';

/**
 * A valid row per customer `c<n>`, every value derived from n: a third give a phone, every fourth
 * has ordered, and a few are high-activity members.
 */
export function generatedRow(n: number): string {
  const orders = n % 4 === 0 ? 1 + (n % 7) : 0;
  const recent = orders > 0 ? Math.min(orders, n % 5) : 0;
  const phone = n % 3 === 0 ? `+1415555${String(n % 10_000).padStart(4, '0')}` : '';
  const first =
    orders > 0
      ? `2025-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`
      : '';
  return [
    `c${n}`,
    `c${n}@example.com`,
    phone,
    ZONES[n % ZONES.length],
    n % 10 === 0 ? 'false' : 'true',
    orders,
    recent,
    (orders * 123.45).toFixed(2),
    first,
    n % 2 === 0 ? 'yes' : 'no',
    n % 3 === 0 ? 'yes' : '',
    ['Shanghai', 'Leeds', 'Austin'][n % 3],
    '2027-05-01T00:00:00Z',
  ].join(',');
}

/** Writes a CSV of `rows` generated customers to `file`. */
export async function writeCustomerCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${GENERATED_HEADER}\n`);
  for (let n = 1; n <= rows; n += 1) {
    if (!out.write(`${generatedRow(n)}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}
