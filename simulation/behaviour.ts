import {
  type CustomerEvent,
  CustomerProfile,
  isKnownEvent,
  type KnownEvent,
} from '../workflows/contracts/customer.ts';
import { tierOf } from '../workflows/evaluation/tier.ts';
import type { Offer, Tier } from '../workflows/schema/index.ts';
import { phoneNumberOf } from './contact-points.ts';
import { type CouponWallet, couponWallet } from './coupon-wallet.ts';
import { customerTraits, emailAddressOf } from './customer-base.ts';
import { localTime, zoneOffset } from './local-time.ts';
import type { Rng } from './random.ts';

/** A message the customer received. */
export interface Touch {
  readonly customerId: string;
  readonly at: number;
  readonly channel: string;
  readonly offer?: string;
  readonly journeyId: string;
}

/** An offer granted to the customer. */
export interface Grant {
  readonly customerId: string;
  readonly at: number;
  readonly offerId: string;
}

/** Member tiers, and `guest` for non-members. */
export type Segment = Tier | 'guest';

/** Daily probabilities by segment, and how the sale, touches and coupons move them. */
export interface BehaviourModel {
  readonly addToCart: Readonly<Record<Segment, number>>;
  /** Daily chance to order while holding a cart from the last `cartWindowDays`. */
  readonly purchaseAfterCart: Readonly<Record<Segment, number>>;
  /** Daily chance to order without a cart event ("buy now"). */
  readonly directPurchase: Readonly<Record<Segment, number>>;
  readonly cartWindowDays: number;
  /** An older cart converts less: its chance is multiplied by this per day of age. */
  readonly cartDecayPerDay: number;
  readonly saleCartMultiplier: number;
  readonly salePurchaseMultiplier: number;
  /** A touch multiplies both chances by this when fresh, an offer touch by `offerTouchUplift`. */
  readonly touchUplift: number;
  readonly offerTouchUplift: number;
  /** A touch's extra effect shrinks by this factor per day and ends after `touchWindowDays`. */
  readonly touchDecayPerDay: number;
  readonly touchWindowDays: number;
  readonly maxUplift: number;
  /** Purchase multiplier while the customer holds an unused, unexpired coupon. */
  readonly couponUplift: number;
  /** Share of coupon holders who top a cart up to the minimum spend when it is within `topUpReach` of it. */
  readonly topUpShare: number;
  readonly topUpReach: number;
  /** Order values are lognormal around the median, clamped to the range (CNY). */
  readonly medianOrderValue: Readonly<Record<Segment, number>>;
  readonly orderValueSpread: number;
  readonly orderValueRange: readonly [number, number];
}

export const DEFAULT_BEHAVIOUR: BehaviourModel = {
  addToCart: { H: 0.08, E: 0.04, A: 0.02, guest: 0.01 },
  purchaseAfterCart: { H: 0.25, E: 0.18, A: 0.1, guest: 0.08 },
  directPurchase: { H: 0.006, E: 0.003, A: 0.001, guest: 0.001 },
  cartWindowDays: 3,
  cartDecayPerDay: 0.6,
  saleCartMultiplier: 3,
  salePurchaseMultiplier: 1.3,
  touchUplift: 1.6,
  offerTouchUplift: 1.8,
  touchDecayPerDay: 0.5,
  touchWindowDays: 2,
  maxUplift: 4,
  couponUplift: 1.3,
  topUpShare: 0.5,
  topUpReach: 0.7,
  medianOrderValue: { H: 300, E: 200, A: 140, guest: 120 },
  orderValueSpread: 0.6,
  orderValueRange: [80, 800],
};

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** A day's chance to cart or order never passes this, however many touches and coupons stack. */
export const MAX_CHANCE = 0.95;

interface Cart {
  readonly at: number;
  readonly value: number;
}

/**
 * The events of one customer during [from, to): add_to_cart, purchase, and coupon_redeemed when an
 * unused, unexpired granted coupon fits the order. `touches` and `grants` are the customer's own;
 * `history` is their earlier events (carts of the last days stay open until an order, used coupons are
 * spent). Every decision draws from its own fork of `rng` and draws its time and value first, so two
 * runs with and without touches see the same random numbers and differ only where touches matter.
 */
export function customerDay(args: {
  profile: CustomerProfile;
  from: number;
  to: number;
  touches: readonly Touch[];
  grants: readonly Grant[];
  offers: ReadonlyMap<string, Offer>;
  rng: Rng;
  model: BehaviourModel;
  saleDays: { start: number; end: number };
  history?: readonly CustomerEvent[];
}): KnownEvent[] {
  const { profile, from, to, rng, model } = args;
  const segment: Segment = profile.tier ?? tierOf(profile) ?? 'guest';
  const offset = zoneOffset(profile.timezone, from);
  const onSale = (at: number) => at >= args.saleDays.start && at <= args.saleDays.end;
  const uplift = (at: number) => touchUplift(args.touches, at, model);
  const history = args.history ?? [];
  const wallet = couponWallet(args.grants, args.offers, history);
  const carts = openCarts(history, from - model.cartWindowDays * DAY_MS);
  const events: KnownEvent[] = [];

  const cartRng = rng.fork('cart');
  const cartAt = localTime(cartRng, from, to, offset);
  const cartValue = orderValue(cartRng, segment, model);
  const cartChance =
    model.addToCart[segment] * (onSale(cartAt) ? model.saleCartMultiplier : 1) * uplift(cartAt);
  if (cartRng.chance(Math.min(MAX_CHANCE, cartChance))) {
    events.push(event(profile, 'add_to_cart', cartAt, { cartValue }));
    carts.push({ at: cartAt, value: cartValue });
  }

  const purchaseChance = (at: number, base: number) =>
    Math.min(
      MAX_CHANCE,
      base *
        (onSale(at) ? model.salePurchaseMultiplier : 1) *
        uplift(at) *
        (wallet.held(at).length > 0 ? model.couponUplift : 1),
    );

  const buyRng = rng.fork('purchase');
  const cart = carts.at(-1);
  const buyAt =
    cart && cart.at >= from ? afterCart(buyRng, cart.at, to) : localTime(buyRng, from, to, offset);
  const topUp = buyRng.float();
  if (cart && buyAt >= cart.at) {
    const ageDays = Math.floor((buyAt - cart.at) / DAY_MS);
    const base = model.purchaseAfterCart[segment] * model.cartDecayPerDay ** ageDays;
    if (buyRng.chance(purchaseChance(buyAt, base))) {
      events.push(...purchase(profile, buyAt, cart.value, topUp, wallet, model));
    }
  }

  const directRng = rng.fork('direct');
  const directAt = localTime(directRng, from, to, offset);
  const directValue = orderValue(directRng, segment, model);
  const directTopUp = directRng.float();
  const taken = events.some(
    (existing) => existing.name === 'purchase' && Date.parse(existing.at) === directAt,
  );
  if (!taken && directRng.chance(purchaseChance(directAt, model.directPurchase[segment]))) {
    events.push(...purchase(profile, directAt, directValue, directTopUp, wallet, model));
  }
  return events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** An order, paid with the best coupon that fits it; a holder tops a nearly-fitting cart up to the minimum. */
function purchase(
  profile: CustomerProfile,
  at: number,
  value: number,
  topUp: number,
  wallet: CouponWallet,
  model: BehaviourModel,
): KnownEvent[] {
  const held = wallet.held(at);
  const within = held.filter(
    (offer) => offer.min_spend > value && value >= offer.min_spend * model.topUpReach,
  );
  const paid =
    !held.some((offer) => offer.min_spend <= value) && within.length > 0 && topUp < model.topUpShare
      ? Math.max(...within.map((offer) => offer.min_spend))
      : value;
  const coupon = held
    .filter((offer) => offer.min_spend <= paid)
    .sort((a, b) => b.amount - a.amount || a.id.localeCompare(b.id))[0];
  const orderId = `${profile.customerId}-order-${at}`;
  const order = event(profile, 'purchase', at, {
    orderId,
    orderValue: paid,
    ...(coupon ? { couponOfferId: coupon.id } : {}),
  });
  if (!coupon) return [order];
  wallet.spend(coupon.id, at);
  return [
    order,
    event(profile, 'coupon_redeemed', at, { offerId: coupon.id, orderId, amount: coupon.amount }),
  ];
}

/** Carts since `since` with no order after them, oldest first. */
function openCarts(history: readonly CustomerEvent[], since: number): Cart[] {
  const lastOrder = Math.max(
    ...history.filter((past) => past.name === 'purchase').map((past) => Date.parse(past.at)),
    Number.NEGATIVE_INFINITY,
  );
  return history
    .flatMap((past) =>
      isKnownEvent(past) && past.name === 'add_to_cart'
        ? [{ at: Date.parse(past.at), value: past.properties.cartValue }]
        : [],
    )
    .filter((cart) => cart.at >= since && cart.at > lastOrder)
    .sort((a, b) => a.at - b.at);
}

/** The product of every recent touch's fading effect, capped. */
function touchUplift(touches: readonly Touch[], at: number, model: BehaviourModel): number {
  let uplift = 1;
  for (const touch of touches) {
    const age = at - touch.at;
    if (age < 0 || age >= model.touchWindowDays * DAY_MS) continue;
    const fresh = touch.offer ? model.offerTouchUplift : model.touchUplift;
    uplift *= 1 + (fresh - 1) * model.touchDecayPerDay ** (age / DAY_MS);
  }
  return Math.min(uplift, model.maxUplift);
}

function orderValue(rng: Rng, segment: Segment, model: BehaviourModel): number {
  // Box-Muller: a standard normal from two uniforms; 1 - float() keeps the logarithm finite.
  const normal = Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
  const [low, high] = model.orderValueRange;
  const value = model.medianOrderValue[segment] * Math.exp(model.orderValueSpread * normal);
  return Math.round(Math.min(high, Math.max(low, value)));
}

/** Minutes to a couple of hours after the cart, within the window. */
function afterCart(rng: Rng, cartAt: number, to: number): number {
  const at = cartAt + rng.int(5, 240) * MINUTE_MS;
  return at < to ? at : cartAt + Math.floor((rng.float() * (to - cartAt)) / 1000) * 1000;
}

function event<N extends KnownEvent['name']>(
  profile: CustomerProfile,
  name: N,
  at: number,
  properties: Extract<KnownEvent, { name: N }>['properties'],
): KnownEvent {
  return {
    eventId: `${profile.customerId}-${name}-${at}`,
    customerId: profile.customerId,
    name,
    at: new Date(at).toISOString(),
    properties,
  } as KnownEvent;
}

/**
 * Brand-new visitors who sign up during [from, to), with the profiles the signup creates: most join
 * the membership (tier A, never bought), the rest open a plain account. Ids are `n<idStart + i>`,
 * apart from the base's `c…` ids.
 */
export function generateSignups(args: {
  count: number;
  from: number;
  to: number;
  rng: Rng;
  idStart: number;
}): { profile: CustomerProfile; event: KnownEvent }[] {
  return Array.from({ length: args.count }, (_, index) => {
    const customerId = `n${args.idStart + index}`;
    const rng = args.rng.fork(customerId);
    const traits = customerTraits(rng);
    const member = rng.chance(0.7);
    const at = localTime(rng, args.from, args.to, zoneOffset(traits.timezone, args.from));
    const email = emailAddressOf(customerId, rng);
    const phone = phoneNumberOf(customerId, rng);
    const contact = { ...traits, ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
    const parsed = CustomerProfile.parse({ customerId, ...contact, member, createdAt: at, lastActiveAt: at });
    const profile = { ...parsed, tier: tierOf(parsed) };
    return { profile, event: event(profile, 'signup', at, { ...contact, member }) };
  });
}
