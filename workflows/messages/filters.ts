import type { Context, Liquid } from 'liquidjs';
import { DateTime } from 'luxon';

/** What a filter reads of the message it renders: the customer's zone and locale, the offer's currency. */
interface FilterScope {
  readonly customer?: { readonly timezone?: unknown; readonly locale?: unknown };
  readonly offer?: { readonly currency?: unknown } | null;
}

/** The locale of a customer whose profile names none. */
export const DEFAULT_LOCALE = 'en';

export class TemplateFilterError extends Error {
  override readonly name = 'TemplateFilterError';
}

/** An amount in the currency, written the way the locale writes money: "¥15", "¥15.50", "1.500,50 €". */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const key = `${locale} ${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      trailingZeroDisplay: 'stripIfInteger',
    });
    moneyFormats.set(key, format);
  }
  return format.format(amount);
}

/** Building a NumberFormat costs far more than using one; there are few locales and currencies. */
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** A time (ISO 8601 text or epoch milliseconds) in a zone and locale, in a luxon format such as "DDD". */
export function formatLocalTime(
  value: string | number,
  format: string,
  zone: string,
  locale: string,
): string {
  const time = typeof value === 'number' ? DateTime.fromMillis(value) : DateTime.fromISO(value);
  if (!time.isValid)
    throw new TemplateFilterError(`local_date expects an ISO 8601 time, got ${JSON.stringify(value)}`);
  return time.setZone(zone).setLocale(locale).toFormat(format);
}

const isMissing = (value: unknown) => value === null || value === undefined || value === '';

/** What Liquid binds `this` to in a filter. */
interface FilterImpl {
  readonly context: Context;
}

function scopeOf(filter: FilterImpl): FilterScope {
  return filter.context.environments as FilterScope;
}

function money(this: FilterImpl, value: unknown, currency?: unknown): string {
  if (isMissing(value)) return '';
  if (typeof value !== 'number')
    throw new TemplateFilterError(`money expects a number, got ${JSON.stringify(value)}`);
  const scope = scopeOf(this);
  const code = currency ?? scope.offer?.currency;
  if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code))
    throw new TemplateFilterError(
      `money needs a currency: the send step's offer, or a code such as money: "CNY"; got ${JSON.stringify(code)}`,
    );
  return formatMoney(value, code, String(scope.customer?.locale ?? DEFAULT_LOCALE));
}

function localDate(this: FilterImpl, value: unknown, format: unknown = 'DDD'): string {
  if (isMissing(value)) return '';
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new TemplateFilterError(`local_date expects a time, got ${JSON.stringify(value)}`);
  const scope = scopeOf(this);
  return formatLocalTime(
    value,
    String(format),
    String(scope.customer?.timezone ?? 'UTC'),
    String(scope.customer?.locale ?? DEFAULT_LOCALE),
  );
}

/** The filters of our own, as the reference documents them. */
export const MESSAGE_FILTERS = [
  {
    name: 'money',
    usage: ['{{ offer.amount | money }}', '{{ customer.total_spend | money: "CNY" }}'],
    meaning:
      "An amount as money in the customer's locale (Intl.NumberFormat): in the currency given, else the offer's. " +
      'Whole amounts show no decimals: "¥15".',
  },
  {
    name: 'local_date',
    usage: ['{{ offer.expires_at | local_date }}', '{{ offer.expires_at | local_date: "d LLL, HH:mm" }}'],
    meaning:
      'A time in the customer\'s time zone and locale, in a luxon format (default "DDD", e.g. "June 18, 2027").',
  },
] as const;

/** Liquid's own date filters show the server's zone; a customer must see theirs, through local_date. */
const SERVER_ZONE_FILTERS = [
  'date',
  'date_to_xmlschema',
  'date_to_rfc822',
  'date_to_string',
  'date_to_long_string',
];

export function registerMessageFilters(liquid: Liquid): void {
  for (const name of SERVER_ZONE_FILTERS) liquid.unregisterFilter(name);
  liquid.registerFilter('money', money);
  liquid.registerFilter('local_date', localDate);
}
