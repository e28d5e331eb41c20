import {
  type CustomerEvent,
  type CustomerProfile,
  isKnownEvent,
  type Suppression,
} from '../../workflows/contracts/customer.ts';
import { PROVIDER_ONLY_EVENTS, SMS_INVALID_NUMBER } from '../../workflows/contracts/delivery-events.ts';
import { type Device, MAX_DEVICES } from '../../workflows/contracts/device-events.ts';
import { canonicalPhone } from '../../workflows/contracts/phone.ts';
import { tierOf } from '../../workflows/evaluation/tier.ts';
import type { Channel } from '../../workflows/schema/index.ts';

/**
 * Events that are not the customer's doing, so they leave `lastActiveAt` alone: the provider's
 * reports (a delivery, a bounce), and a device taken off the profile, whether at sign-out or
 * because the platform dropped its token.
 */
const NOT_ACTIVITY: ReadonlySet<string> = new Set([...PROVIDER_ONLY_EVENTS, 'device_unregistered']);

/** The profile an event of a customer not seen before starts from. */
export function newProfile(customerId: string, createdAt: number): CustomerProfile {
  return {
    customerId,
    timezone: 'Asia/Shanghai',
    consent: {},
    unsubscribed: false,
    devices: [],
    suppressed: {},
    member: false,
    orderCount: 0,
    recentOrderCount: 0,
    totalSpend: 0,
    tags: [],
    attributes: {},
    createdAt,
  };
}

/**
 * The profile after an event: aggregates, consent, suppressions and tier. Pure. Only the
 * customer's own doings move `lastActiveAt` (see NOT_ACTIVITY).
 * `endpointArn` is the SNS endpoint ingest made for a `device_registered` event's device, if any.
 */
export function profileAfterEvent(
  current: CustomerProfile | undefined,
  event: CustomerEvent,
  now: number,
  endpointArn?: string,
): CustomerProfile {
  const at = Date.parse(event.at);
  const base: CustomerProfile = current ?? newProfile(event.customerId, now);
  const next: CustomerProfile = NOT_ACTIVITY.has(event.name)
    ? { ...base }
    : { ...base, lastActiveAt: Math.max(base.lastActiveAt ?? 0, at) };
  // A custom event is the customer's doing, so activity, and changes nothing else.
  if (!isKnownEvent(event)) return { ...next, tier: tierOf(next) };
  switch (event.name) {
    case 'signup':
    case 'profile_updated': {
      const properties = event.properties;
      if (properties.timezone) next.timezone = properties.timezone;
      if (properties.email) next.email = properties.email;
      // As AWS reports a reply's number, so the phone index finds the customer by it.
      if (properties.phone) next.phone = canonicalPhone(properties.phone);
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
    case 'email_bounced':
      // A soft bounce (a full mailbox, say) may pass; a hard one means the address is gone.
      if (event.properties.bounceType === 'hard')
        next.suppressed = suppress(next, 'email', 'hard_bounce', at);
      break;
    case 'email_complained':
      next.suppressed = suppress(next, 'email', 'complaint', at);
      break;
    case 'sms_failed':
      // The carrier said the number is not valid: like a hard bounce, no later SMS can reach it.
      if (event.properties.reason === SMS_INVALID_NUMBER)
        next.suppressed = suppress(next, 'sms', 'invalid_number', at);
      break;
    case 'device_registered':
      next.devices = withDevice(next, {
        ...event.properties,
        registeredAt: at,
        ...(endpointArn ? { endpointArn } : {}),
      });
      break;
    case 'device_unregistered':
      // A registration after the event stands: a report of a token gone, then registered again.
      next.devices = (next.devices ?? []).filter(
        (device) => device.token !== event.properties.token || device.registeredAt > at,
      );
      break;
    case 'add_to_cart':
    case 'coupon_redeemed':
    case 'email_delivered':
    case 'email_opened':
    case 'email_clicked':
    case 'sms_delivered':
    case 'push_delivered':
    case 'push_failed':
    case 'in_app_opened':
      break;
  }
  return { ...next, tier: tierOf(next) };
}

/** `channel` suppressed for `reason`; the first suppression stays, so its reason and time are not overwritten. */
function suppress(
  profile: CustomerProfile,
  channel: Channel,
  reason: Suppression['reason'],
  at: number,
): CustomerProfile['suppressed'] {
  // Profiles stored before suppressions existed have none.
  const suppressed = profile.suppressed ?? {};
  if (suppressed[channel]) return suppressed;
  return { ...suppressed, [channel]: { reason, at } };
}

/**
 * The devices with `device` registered: a token registered again moves to the end (keeping the
 * endpoint AWS made for it, unless it comes with a new one), and past MAX_DEVICES the oldest
 * registration goes.
 */
function withDevice(profile: CustomerProfile, device: Device): Device[] {
  // Profiles stored before devices existed have none.
  const devices = profile.devices ?? [];
  const known = devices.find((existing) => existing.token === device.token);
  const others = devices.filter((existing) => existing.token !== device.token);
  const registered =
    !device.endpointArn && known?.endpointArn && known.platform === device.platform
      ? { ...device, endpointArn: known.endpointArn }
      : device;
  return [...others, registered].slice(-MAX_DEVICES);
}
