import type { CustomerEvent, CustomerProfile } from '../../workflows/contracts/customer.ts';
import { tierOf } from '../../workflows/evaluation/tier.ts';

/** The profile after an event: aggregates, consent and tier. Pure; undefined means "no change". */
export function profileAfterEvent(
  current: CustomerProfile | undefined,
  event: CustomerEvent,
  now: number,
): CustomerProfile {
  const at = Date.parse(event.at);
  const base: CustomerProfile = current ?? {
    customerId: event.customerId,
    timezone: 'Asia/Shanghai',
    consent: {},
    unsubscribed: false,
    suppressed: {},
    member: false,
    orderCount: 0,
    recentOrderCount: 0,
    totalSpend: 0,
    tags: [],
    attributes: {},
    createdAt: now,
  };
  const next: CustomerProfile = { ...base, lastActiveAt: Math.max(base.lastActiveAt ?? 0, at) };
  switch (event.name) {
    case 'signup':
    case 'profile_updated': {
      const properties = event.properties;
      if (properties.timezone) next.timezone = properties.timezone;
      if (properties.email) next.email = properties.email;
      if (properties.consent) next.consent = { ...next.consent, ...properties.consent };
      if (properties.member !== undefined) next.member = properties.member;
      else if (event.name === 'signup') next.member = true;
      if (properties.attributes) next.attributes = { ...next.attributes, ...properties.attributes };
      break;
    }
    case 'purchase':
      next.orderCount += 1;
      next.recentOrderCount += 1;
      next.totalSpend += event.properties.orderValue;
      next.firstPurchaseAt = Math.min(next.firstPurchaseAt ?? at, at);
      break;
    case 'unsubscribe':
      if (event.properties.channel) next.consent = { ...next.consent, [event.properties.channel]: false };
      else next.unsubscribed = true;
      break;
    case 'add_to_cart':
    case 'coupon_redeemed':
      break;
  }
  return { ...next, tier: tierOf(next) };
}
