import type { CustomerProfile } from '../../workflows/contracts/customer.ts';
import type { SendStep } from '../../workflows/schema/index.ts';
import type { SendOutcome } from '../commons/stores/send-log.ts';

/**
 * Why a customer gets no message from a send step, checked at send time in this order:
 * unsubscribed, no consent on the channel, suppressed by the provider's feedback (a hard bounce,
 * a complaint, an invalid number), no address on the channel (an email address, a phone number), no device for
 * push, and not holding the step's offer. Undefined: send.
 */
export function skipReason(
  step: SendStep,
  profile: CustomerProfile | undefined,
  holdsOffer: boolean,
): SendOutcome | undefined {
  if (!profile || profile.unsubscribed) return 'skipped_unsubscribed';
  if (profile.consent[step.channel] !== true) return 'skipped_consent';
  if (profile.suppressed?.[step.channel] !== undefined) return 'skipped_suppressed';
  if (step.channel === 'email' && !profile.email) return 'skipped_no_address';
  if (step.channel === 'sms' && !profile.phone) return 'skipped_no_address';
  // Profiles stored before devices existed have none.
  if (step.channel === 'push' && (profile.devices ?? []).length === 0) return 'skipped_no_device';
  if (step.only_holders && !holdsOffer) return 'skipped_no_offer';
  return undefined;
}
