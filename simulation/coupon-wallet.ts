import { type CustomerEvent, isKnownEvent } from '../workflows/contracts/customer.ts';
import { durationSeconds } from '../workflows/language/duration.ts';
import type { CouponOffer, Offer } from '../workflows/schema/index.ts';
import type { Grant } from './behaviour.ts';

export interface CouponWallet {
  /** Coupons granted by `at`, unexpired at `at` and not yet used. */
  held(at: number): CouponOffer[];
  spend(offerId: string, at: number): void;
}

/** Each grant is one coupon; a redemption uses the coupon of its offer that expires first. */
export function couponWallet(
  grants: readonly Grant[],
  offers: ReadonlyMap<string, Offer>,
  history: readonly CustomerEvent[],
): CouponWallet {
  const coupons = grants
    .flatMap((grant) => {
      const offer = offers.get(grant.offerId);
      if (offer?.kind !== 'coupon') return [];
      return [
        { offer, from: grant.at, until: grant.at + durationSeconds(offer.expires_after) * 1000, used: false },
      ];
    })
    .sort((a, b) => a.until - b.until || a.from - b.from);
  const valid = (coupon: (typeof coupons)[number], at: number) =>
    !coupon.used && coupon.from <= at && at < coupon.until;
  const spend = (offerId: string, at: number) => {
    const ofOffer = coupons.filter((coupon) => coupon.offer.id === offerId && !coupon.used);
    const coupon = ofOffer.find((candidate) => valid(candidate, at)) ?? ofOffer[0];
    if (coupon) coupon.used = true;
  };
  const redemptions = history.filter(isKnownEvent).filter((past) => past.name === 'coupon_redeemed');
  for (const past of redemptions.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    if (past.name === 'coupon_redeemed') spend(past.properties.offerId, Date.parse(past.at));
  }
  return { spend, held: (at) => coupons.filter((coupon) => valid(coupon, at)).map((coupon) => coupon.offer) };
}
