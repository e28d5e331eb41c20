import { describe, expect, test } from 'vitest';
import { offerViolations } from '../../../workflows/rules/offer-rules.ts';
import { Journey, Offer } from '../../../workflows/schema/index.ts';

const gift = Offer.parse({
  id: 'gift',
  name: 'First-order gift',
  kind: 'coupon',
  amount: 20,
  expires_after: '14d',
  first_order_only: true,
});
const offers = new Map([[gift.id, gift]]);

const journey = (fields: { entry?: object; steps: object[] }) =>
  Journey.parse({
    id: 'welcome',
    name: 'Welcome',
    description: 'Welcomes new customers.',
    version: 1,
    trigger: { kind: 'event', event: 'signup' },
    ...fields,
  });

const grant = { id: 'grant', kind: 'grant', offer: 'gift' };
const send = { id: 'send', kind: 'send', channel: 'email', template: 't', offer: 'gift', only_holders: true };
const codes = (fields: { entry?: object; steps: object[] }) =>
  offerViolations(journey(fields), offers).map((violation) => [violation.code, violation.path.join('.')]);

describe('offer rules', () => {
  test('a first-order offer every entrant reaches needs an entry that turns buyers away', () => {
    expect(codes({ steps: [grant, send] })).toEqual([['entry.first_order_offer_admits_buyers', 'entry']]);
    expect(
      codes({ entry: { only: { attribute: 'totalSpend', op: 'gte', value: 0 } }, steps: [grant] }),
    ).toEqual([['entry.first_order_offer_admits_buyers', 'entry.only']]);
    expect(
      codes({ entry: { only: { attribute: 'orderCount', op: 'eq', value: 0 } }, steps: [grant, send] }),
    ).toEqual([]);
    expect(codes({ entry: { only: { tier: ['A'] } }, steps: [grant, send] })).toEqual([]);
  });

  test('a first-order offer behind a branch is the branch author’s to guard', () => {
    const branch = {
      id: 'who',
      kind: 'branch',
      cases: [{ when: { tier: ['A'] }, next: 'grant' }],
      default: 'end',
    };
    expect(codes({ steps: [branch, grant, send, { id: 'end', kind: 'exit' }] })).toEqual([]);
  });

  test('only_holders needs an offer that a grant step of the journey gives', () => {
    const only = { only: { attribute: 'orderCount', op: 'eq', value: 0 } };
    expect(codes({ entry: only, steps: [{ ...send, offer: undefined }] })).toEqual([
      ['send.only_holders_without_offer', 'steps.0.only_holders'],
    ]);
    expect(codes({ entry: only, steps: [send] })).toEqual([
      ['send.only_holders_never_granted', 'steps.0.only_holders'],
    ]);
  });

  test('the entry condition sees the profile only', () => {
    const entry = { only: { not: { event: 'purchase', within: '30d' } } };
    expect(codes({ entry, steps: [{ id: 'end', kind: 'exit' }] })).toEqual([
      ['entry.only_uses_events', 'entry.only'],
    ]);
  });
});
