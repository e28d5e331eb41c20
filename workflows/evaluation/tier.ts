import type { Tier } from '../schema/index.ts';

/** Orders within the activity window that make a member high-activity (H). */
export const HIGH_ACTIVITY_ORDERS = 3;

/**
 * A-HEART tier of a member: H has ordered often and lately, E has ordered, A never has.
 * Non-members have no tier.
 */
export function tierOf(profile: {
  member?: boolean;
  orderCount?: number;
  recentOrderCount?: number;
}): Tier | undefined {
  if (!profile.member) return undefined;
  if ((profile.recentOrderCount ?? 0) >= HIGH_ACTIVITY_ORDERS) return 'H';
  return (profile.orderCount ?? 0) > 0 ? 'E' : 'A';
}
