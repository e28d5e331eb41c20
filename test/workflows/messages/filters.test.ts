import { describe, expect, test } from 'vitest';
import { CustomerProfile } from '../../../workflows/contracts/customer.ts';
import { formatLocalTime, formatMoney, TemplateFilterError } from '../../../workflows/messages/filters.ts';
import { LIQUID, parseLiquid } from '../../../workflows/messages/liquid.ts';
import { messageScope } from '../../../workflows/messages/scope.ts';
import type { Offer } from '../../../workflows/schema/index.ts';

const coupon: Offer = {
  id: 'cart-coupon',
  name: 'Cart coupon',
  kind: 'coupon',
  amount: 15,
  min_spend: 99,
  currency: 'CNY',
  expires_after: '3d',
  first_order_only: false,
};

function rendered(
  source: string,
  profile: Partial<CustomerProfile> = {},
  offer: Offer | null = coupon,
  attributesRead: string[] = [],
): string {
  const scope = messageScope(
    {
      profile: CustomerProfile.parse({ customerId: 'c-1', createdAt: 0, ...profile }),
      offer: offer ?? undefined,
      grantedAt: Date.parse('2027-06-10T14:30:00Z'),
      journey: { id: 'cart-nudge', name: 'Cart nudge' },
      stepId: 'send-coupon',
      unsubscribeUrl: 'https://example.com/u',
    },
    attributesRead,
  );
  return String(LIQUID.text.renderSync(parseLiquid(source, 'text'), scope));
}

describe('formatMoney', () => {
  test.each([
    { amount: 15, currency: 'CNY', locale: 'en', shown: '¥15' },
    { amount: 15.5, currency: 'CNY', locale: 'en', shown: '¥15.50' },
    { amount: 1500, currency: 'CNY', locale: 'zh-CN', shown: '¥1,500' },
    { amount: 1500.5, currency: 'EUR', locale: 'de-DE', shown: '1.500,50 €' },
    { amount: 20, currency: 'USD', locale: 'en-US', shown: '$20' },
  ])('$amount $currency in $locale is $shown', ({ amount, currency, locale, shown }) => {
    expect(formatMoney(amount, currency, locale)).toBe(shown.replace(' ', '\u00a0'));
  });
});

describe('formatLocalTime', () => {
  test('shows the same instant on the local calendar of each zone', () => {
    const instant = '2027-06-17T16:30:00Z';
    expect(formatLocalTime(instant, 'yyyy-MM-dd HH:mm', 'Asia/Shanghai', 'en')).toBe('2027-06-18 00:30');
    expect(formatLocalTime(instant, 'yyyy-MM-dd HH:mm', 'America/New_York', 'en')).toBe('2027-06-17 12:30');
  });

  test('takes epoch milliseconds as well, and writes month names in the locale', () => {
    const millis = Date.parse('2027-06-18T02:00:00Z');
    expect(formatLocalTime(millis, 'd LLLL', 'Europe/Paris', 'fr')).toBe('18 juin');
  });

  test('refuses a text that is not a time', () => {
    expect(() => formatLocalTime('soon', 'DDD', 'UTC', 'en')).toThrow(TemplateFilterError);
  });
});

describe('the money filter', () => {
  test("takes the offer's currency and the customer's locale (the locale attribute)", () => {
    expect(rendered('{{ offer.amount | money }}')).toBe('¥15');
    expect(rendered('{{ offer.amount | money }}', { attributes: { locale: 'de-DE' } })).toBe('15\u00a0¥');
  });

  test('takes a currency given to it over the offer', () => {
    expect(rendered('{{ customer.total_spend | money: "USD" }}', { totalSpend: 1288 })).toBe('$1,288');
  });

  test('shows nothing for a missing amount, and refuses a message with no currency at all', () => {
    expect(rendered('[{{ customer.attributes.budget | money }}]', {}, coupon, ['budget'])).toBe('[]');
    expect(() => rendered('{{ 5 | money }}', {}, null)).toThrow(/money needs a currency/);
  });
});

describe('the local_date filter', () => {
  test("shows a coupon's expiry (grant time plus expires_after) in the customer's zone", () => {
    expect(
      rendered('{{ offer.expires_at | local_date: "d LLL HH:mm" }}', { timezone: 'Asia/Shanghai' }),
    ).toBe('13 Jun 22:30');
    expect(
      rendered('{{ offer.expires_at | local_date: "d LLL HH:mm" }}', { timezone: 'America/New_York' }),
    ).toBe('13 Jun 10:30');
  });

  test('writes a localized full date by default', () => {
    expect(rendered('{{ offer.expires_at | local_date }}', { timezone: 'UTC' })).toBe('June 13, 2027');
  });
});

describe('filters that would show the server time zone', () => {
  test.each(['date', 'date_to_string'])('%s is not a filter templates may use', (name) => {
    expect(() => parseLiquid(`{{ offer.expires_at | ${name} }}`, 'text')).toThrow(
      `undefined filter: ${name}`,
    );
  });
});
