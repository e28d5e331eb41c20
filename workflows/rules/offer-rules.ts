import { evaluateCondition } from '../evaluation/condition.ts';
import type { Condition, Journey, Offer, Step } from '../schema/index.ts';
import type { Violation } from './violation.ts';

/**
 * Profiles of customers who have ordered, as the entry condition of a first-purchase journey
 * must turn them all away: one per tier a buyer can be in.
 */
const BUYERS = (['H', 'E'] as const).map((tier) => ({
  orderCount: 1,
  recentOrderCount: 1,
  totalSpend: 100,
  firstPurchaseAt: 0,
  isNewCustomer: false,
  member: true,
  tier,
}));

const usesEvents = (condition: Condition): boolean =>
  'event' in condition ||
  ('and' in condition && condition.and.some(usesEvents)) ||
  ('or' in condition && condition.or.some(usesEvents)) ||
  ('not' in condition && usesEvents(condition.not));

/** Offers reach only those who hold them, and a first-order offer only customers with no order. */
export function offerViolations(journey: Journey, offers: ReadonlyMap<string, Offer>): Violation[] {
  const violations: Violation[] = [];
  const only = journey.entry.only;
  if (only && usesEvents(only)) {
    violations.push({
      code: 'entry.only_uses_events',
      path: ['entry', 'only'],
      message:
        'the entry condition sees the profile only, before any event of the run; expected attribute or tier conditions',
    });
  }
  const granted = new Set(journey.steps.flatMap((step) => (step.kind === 'grant' ? [step.offer] : [])));
  journey.steps.forEach((step, index) => {
    if (step.kind !== 'send' || !step.only_holders) return;
    if (step.offer === undefined) {
      violations.push({
        code: 'send.only_holders_without_offer',
        path: ['steps', index, 'only_holders'],
        message:
          'only_holders sends to the holders of the step\'s offer; expected an "offer" on this send step',
      });
    } else if (!granted.has(step.offer)) {
      violations.push({
        code: 'send.only_holders_never_granted',
        path: ['steps', index, 'only_holders'],
        message: `no grant step of this journey grants "${step.offer}", so nobody would hold it; expected a grant step of that offer before this send`,
      });
    }
  });
  const firstOrderOffers = unguardedOffers(journey).filter((id) => {
    const offer = offers.get(id);
    return offer?.kind === 'coupon' && offer.first_order_only;
  });
  const admitsBuyers =
    !only ||
    BUYERS.some((profile) => evaluateCondition(only, { profile, events: [] }, { now: 0, enteredAt: 0 }));
  if (firstOrderOffers.length > 0 && admitsBuyers) {
    violations.push({
      code: 'entry.first_order_offer_admits_buyers',
      path: only ? ['entry', 'only'] : ['entry'],
      message: `${[...new Set(firstOrderOffers)].join(', ')} is for a first order only, and every entrant reaches it, but the entry lets in customers who have ordered; expected entry.only such as { attribute: orderCount, op: eq, value: 0 }, or a branch before the offer`,
    });
  }
  return violations;
}

/** The offers of the grant and send steps every entrant reaches: those before the first branch, split or wait_for. */
function unguardedOffers(journey: Journey): string[] {
  const offers: string[] = [];
  const indexOf = new Map(journey.steps.map((step, index) => [step.id, index]));
  const seen = new Set<number>();
  for (let index: number | undefined = 0; index !== undefined && !seen.has(index); ) {
    seen.add(index);
    const step: Step | undefined = journey.steps[index];
    if (
      !step ||
      step.kind === 'branch' ||
      step.kind === 'split' ||
      step.kind === 'wait_for' ||
      step.kind === 'exit'
    )
      break;
    if ((step.kind === 'grant' || step.kind === 'send') && step.offer !== undefined) offers.push(step.offer);
    index = step.next !== undefined ? indexOf.get(step.next) : index + 1;
  }
  return offers;
}
