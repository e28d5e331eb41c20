import { describe, expect, test } from 'vitest';
import { CustomerProfile } from '../../../workflows/contracts/customer.ts';
import { messageScope } from '../../../workflows/messages/scope.ts';
import { resolveVariable, TEMPLATE_VARIABLES } from '../../../workflows/messages/variables.ts';
import type { Offer } from '../../../workflows/schema/index.ts';

const offers: Offer[] = [
  {
    id: 'cart-coupon',
    name: 'Cart coupon',
    kind: 'coupon',
    amount: 15,
    min_spend: 99,
    currency: 'CNY',
    expires_after: '3d',
    first_order_only: false,
  },
  { id: 'bonus', name: 'Bonus', kind: 'points', points: 500, point_value: 0.01, currency: 'CNY' },
];

/** The value a dotted name has in a scope; attributes use a sample name. */
function valueAt(scope: object, name: string): unknown {
  return name
    .replace('<name>', 'city')
    .split('.')
    .reduce<unknown>((value, part) => (value as Record<string, unknown> | null)?.[part], scope);
}

describe('the template variables', () => {
  test('every variable the reference lists is known to validation and present in a rendered scope', () => {
    // Prepare: an empty profile, so optional fields are missing
    const profile = CustomerProfile.parse({ customerId: 'c-1', createdAt: 0 });

    for (const offer of offers) {
      // Act
      const scope = messageScope(
        { profile, offer, grantedAt: 0, journey: { id: 'j', name: 'J' }, stepId: 's', unsubscribeUrl: 'u' },
        ['city'],
      );

      // Assess: a variable an offer kind has is filled; any other is null, never undefined
      for (const variable of TEMPLATE_VARIABLES) {
        const path = variable.name.replace('<name>', 'city').split('.');
        expect(resolveVariable(path), variable.name).toMatchObject({ known: true });
        const value = valueAt(scope, variable.name);
        expect(value, variable.name).not.toBeUndefined();
        if (variable.offerKinds?.includes(offer.kind)) expect(value, variable.name).not.toBeNull();
        if (!variable.optional && !variable.offerKinds) expect(value, variable.name).not.toBeNull();
      }
    }
  });

  test('optional means what the profile schema says: a field without a default may be missing', () => {
    const optional = TEMPLATE_VARIABLES.filter((variable) => variable.optional).map(
      (variable) => variable.name,
    );
    expect(optional).toEqual([
      'customer.email',
      'customer.tier',
      'customer.first_purchase_at',
      'customer.last_active_at',
      'customer.first_name',
      'customer.attributes.<name>',
    ]);
  });

  test('times are ISO 8601 text in the scope, for local_date', () => {
    const profile = CustomerProfile.parse({
      customerId: 'c-1',
      createdAt: Date.parse('2027-01-02T03:04:05Z'),
    });
    const scope = messageScope({
      profile,
      grantedAt: 0,
      journey: { id: 'j', name: 'J' },
      stepId: 's',
      unsubscribeUrl: 'u',
    });
    expect(scope.customer.created_at).toBe('2027-01-02T03:04:05.000Z');
  });

  test.each([
    { path: ['customer', 'tags', 0], known: true },
    { path: ['customer', 'tags', 'size'], known: true },
    { path: ['customer', 'first_name', 'size'], known: true },
    { path: ['customer', 'attributes', 'city', 'size'], known: true },
    { path: ['customer', 'order_count', 'size'], known: false },
    { path: ['customer', 'attributes'], known: false },
    { path: ['journey'], known: false },
    { path: ['unsubscribe_url', 'host'], known: false },
  ])('$path is known: $known', ({ path, known }) => {
    expect(resolveVariable(path).known).toBe(known);
  });
});
