import type { Device } from '../workflows/contracts/device-events.ts';
import type { Rng } from './random.ts';

/** Customers who never gave a phone number: an SMS step skips them for want of one. */
const NO_PHONE_SHARE = 0.05;

/** Customers of the base with the app on a device; iOS's share of them. */
const APP_SHARE = 0.75;
const IOS_SHARE = 0.4;

/**
 * A mobile number of the synthetic base: +86 199 then eight digits of the customer's own stream,
 * or none for a few. It draws from a stream of its own, so adding it changed no other trait.
 */
export function phoneNumberOf(customerId: string, rng: Rng): string | undefined {
  const stream = rng.fork(`phone:${customerId}`);
  if (stream.chance(NO_PHONE_SHARE)) return undefined;
  return `+86199${String(stream.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** The app's device for most of the base, with a token of its own; none for those without the app. */
export function devicesOf(customerId: string, rng: Rng, registeredAt: number): Device[] {
  const stream = rng.fork(`devices:${customerId}`);
  if (!stream.chance(APP_SHARE)) return [];
  const platform = stream.chance(IOS_SHARE) ? 'apns' : 'fcm';
  return [{ platform, token: `sim-${platform}-${customerId}-${stream.int(0, 1_000_000)}`, registeredAt }];
}
