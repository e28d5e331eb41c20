import { CustomerProfile } from '../workflows/contracts/customer.ts';
import { HIGH_ACTIVITY_ORDERS, tierOf } from '../workflows/evaluation/tier.ts';
import { devicesOf, phoneNumberOf } from './contact-points.ts';
import { createRng, type Rng } from './random.ts';

const DAY_MS = 86_400_000;

/** Time zones with their share and cities; a few far-off zones make quiet hours bite. */
const ZONES: readonly { zone: string; share: number; cities: readonly string[] }[] = [
  { zone: 'Asia/Shanghai', share: 0.8, cities: ['Shanghai', 'Beijing', 'Hangzhou', 'Shenzhen', 'Chengdu'] },
  { zone: 'Asia/Hong_Kong', share: 0.06, cities: ['Hong Kong'] },
  { zone: 'Asia/Singapore', share: 0.05, cities: ['Singapore'] },
  { zone: 'America/Los_Angeles', share: 0.05, cities: ['Los Angeles', 'San Francisco'] },
  { zone: 'Europe/London', share: 0.04, cities: ['London', 'Manchester'] },
];

const FIRST_NAMES = ['Wei', 'Fang', 'Lei', 'Min', 'Jing', 'Tao', 'Yan', 'Hui', 'Ming', 'Xin', 'Mei', 'Jun'];

const CONSENT_SHARE = { email: 0.7, sms: 0.6, push: 0.5, in_app: 0.9 } as const;

/** Customers who never gave an email address: an email step skips them for want of one. */
const NO_EMAIL_SHARE = 0.03;

/**
 * A seeded synthetic customer base: about 85% members (15% H, 45% E, 40% A by order history) and
 * 15% non-members, over half of whom never bought. Each customer draws from its own stream, so a
 * customer's profile does not change when the base grows.
 */
export function generateCustomerBase(options: {
  customers: number;
  seed: number;
  createdAt: number;
}): CustomerProfile[] {
  const root = createRng(options.seed).fork('customer-base');
  const width = String(options.customers).length;
  return Array.from({ length: options.customers }, (_, index) => {
    const customerId = `c${String(index + 1).padStart(width, '0')}`;
    return customer(customerId, root.fork(customerId), options.createdAt);
  });
}

function customer(customerId: string, rng: Rng, createdAt: number): CustomerProfile {
  const member = rng.chance(0.85);
  const history = member ? memberHistory(rng) : guestHistory(rng);
  const email = emailAddressOf(customerId, rng);
  const phone = phoneNumberOf(customerId, rng);
  const profile = CustomerProfile.parse({
    customerId,
    ...customerTraits(rng),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    devices: devicesOf(customerId, rng, createdAt),
    unsubscribed: rng.chance(0.03),
    member,
    ...history,
    ...timeline(rng, history, createdAt),
    createdAt,
  });
  return { ...profile, tier: tierOf(profile) };
}

/** Where a customer lives, what they agreed to receive and what they are called; new sign-ups share it. */
export function customerTraits(
  rng: Rng,
): Required<Pick<CustomerProfile, 'timezone' | 'consent' | 'attributes'>> {
  const { zone, cities } = weighted(rng, ZONES);
  return {
    timezone: zone,
    consent: {
      email: rng.chance(CONSENT_SHARE.email),
      sms: rng.chance(CONSENT_SHARE.sms),
      push: rng.chance(CONSENT_SHARE.push),
      in_app: rng.chance(CONSENT_SHARE.in_app),
      webhook: false,
    },
    attributes: { first_name: rng.pick(FIRST_NAMES), city: rng.pick(cities) },
  };
}

/**
 * The customer's address on a domain reserved for examples (RFC 2606), or none for a few. It
 * draws from a stream of its own, so adding it changed no other trait of the base.
 */
export function emailAddressOf(customerId: string, rng: Rng): string | undefined {
  return rng.fork('email').chance(NO_EMAIL_SHARE) ? undefined : `${customerId}@example.com`;
}

interface History {
  orderCount: number;
  recentOrderCount: number;
  totalSpend: number;
}

function memberHistory(rng: Rng): History {
  const roll = rng.float();
  if (roll < 0.15) {
    const orderCount = rng.int(HIGH_ACTIVITY_ORDERS, 30);
    return spend(rng, orderCount, rng.int(HIGH_ACTIVITY_ORDERS, Math.min(orderCount, 8)), 320);
  }
  if (roll < 0.6) {
    const orderCount = rng.int(1, 8);
    return spend(rng, orderCount, rng.int(0, Math.min(orderCount, HIGH_ACTIVITY_ORDERS - 1)), 220);
  }
  return spend(rng, 0, 0, 0);
}

/** Non-members: new customers who never bought, and occasional guest buyers. */
function guestHistory(rng: Rng): History {
  if (rng.chance(0.6)) return spend(rng, 0, 0, 0);
  const orderCount = rng.int(1, 3);
  return spend(rng, orderCount, rng.int(0, 1), 150);
}

function spend(rng: Rng, orderCount: number, recentOrderCount: number, averageOrder: number): History {
  const totalSpend = Math.round(orderCount * averageOrder * (0.7 + 0.6 * rng.float()) * 100) / 100;
  return { orderCount, recentOrderCount, totalSpend };
}

/** Order history predates the base's import at createdAt; recent buyers were active lately. */
function timeline(
  rng: Rng,
  history: History,
  createdAt: number,
): { firstPurchaseAt?: number; lastActiveAt: number } {
  if (history.orderCount === 0) return { lastActiveAt: createdAt - rng.int(0, 180) * DAY_MS };
  const firstPurchaseAt = createdAt - rng.int(90, 1_000) * DAY_MS;
  const lastActiveAt = createdAt - rng.int(0, history.recentOrderCount > 0 ? 60 : 300) * DAY_MS;
  return { firstPurchaseAt, lastActiveAt: Math.max(firstPurchaseAt, lastActiveAt) };
}

function weighted<T extends { share: number }>(rng: Rng, items: readonly T[]): T {
  let roll = rng.float() * items.reduce((total, item) => total + item.share, 0);
  for (const item of items) {
    roll -= item.share;
    if (roll < 0) return item;
  }
  return items[items.length - 1] as T;
}
