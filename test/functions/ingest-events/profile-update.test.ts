import { describe, expect, it } from 'vitest';
import { sendKey } from '../../../functions/commons/dynamo/keys.ts';
import { profileAfterEvent } from '../../../functions/ingest-events/profile-update.ts';
import { CustomerEvent, CustomerProfile } from '../../../workflows/contracts/customer.ts';

/**
 * What a delivery event does to a profile: hard bounces and complaints suppress email, and an
 * SMS the carrier found addressed to an invalid number suppresses SMS.
 */

const NOW = Date.parse('2027-06-12T06:00:00Z');
const LAST_ACTIVE = Date.parse('2027-06-01T00:00:00Z');
const stored = CustomerProfile.parse({
  customerId: 'cust-1',
  email: 'cust-1@example.com',
  consent: { email: true, sms: true },
  lastActiveAt: LAST_ACTIVE,
  createdAt: Date.parse('2026-01-01T00:00:00Z'),
});

function delivery(name: string, at: string, extra: Record<string, string> = {}): CustomerEvent {
  const reference = { journeyId: 'cart-nudge', runId: 'cart-nudge-202706110300', stepId: 'send-cart-coupon' };
  return CustomerEvent.parse({
    eventId: `ses:m-1:${name}`,
    customerId: 'cust-1',
    name,
    at,
    properties: {
      idempotencyKey: sendKey(reference.runId, reference.stepId, 'cust-1'),
      ...reference,
      ...extra,
    },
  });
}

describe('a profile after a delivery event', () => {
  it.each([
    {
      event: delivery('email_bounced', '2027-06-12T02:00:08Z', { bounceType: 'hard' }),
      reason: 'hard_bounce',
    },
    { event: delivery('email_complained', '2027-06-12T02:41:02Z'), reason: 'complaint' },
  ] as const)('suppresses email, and email only, after $event.name', ({ event, reason }) => {
    const after = profileAfterEvent(stored, event, NOW);

    expect(after.suppressed).toEqual({ email: { reason, at: Date.parse(event.at) } });
    expect(after.consent).toEqual(stored.consent);
  });

  it('suppresses SMS, and SMS only, after an sms_failed for an invalid number (TEXT_INVALID)', () => {
    const event = delivery('sms_failed', '2027-06-12T02:40:00Z', { reason: 'INVALID' });

    const after = profileAfterEvent(stored, event, NOW);

    expect(after.suppressed).toEqual({ sms: { reason: 'invalid_number', at: Date.parse(event.at) } });
    expect(after.consent).toEqual(stored.consent);
  });

  it.each([
    delivery('email_bounced', '2027-06-12T05:00:00Z', { bounceType: 'soft' }),
    delivery('email_delivered', '2027-06-12T02:00:04Z'),
    delivery('email_opened', '2027-06-12T02:20:19Z'),
    delivery('email_clicked', '2027-06-12T02:21:25Z', { link: 'https://shop.example.com/' }),
    delivery('sms_delivered', '2027-06-12T02:40:00Z'),
    // A phone switched off, a carrier's refusal, a message body it could not take: the number may still work.
    delivery('sms_failed', '2027-06-12T02:40:00Z', { reason: 'UNREACHABLE' }),
    delivery('sms_failed', '2027-06-12T02:40:00Z', { reason: 'CARRIER_BLOCKED' }),
    delivery('sms_failed', '2027-06-12T02:40:00Z', { reason: 'INVALID_MESSAGE' }),
  ])('suppresses nothing after $name $properties.reason', (event) => {
    expect(profileAfterEvent(stored, event, NOW).suppressed).toEqual({});
  });

  it('keeps the reason and time of the first suppression', () => {
    const bounced = profileAfterEvent(
      stored,
      delivery('email_bounced', '2027-06-12T02:00:08Z', { bounceType: 'hard' }),
      NOW,
    );

    const after = profileAfterEvent(bounced, delivery('email_complained', '2027-06-12T03:00:00Z'), NOW);

    expect(after.suppressed.email).toEqual({ reason: 'hard_bounce', at: Date.parse('2027-06-12T02:00:08Z') });
  });

  it("moves the last activity for the customer's own doings, not for the provider's reports", () => {
    const activity = (event: CustomerEvent) => profileAfterEvent(stored, event, NOW).lastActiveAt;

    expect(activity(delivery('email_delivered', '2027-06-12T02:00:04Z'))).toBe(LAST_ACTIVE);
    expect(activity(delivery('email_bounced', '2027-06-12T02:00:08Z', { bounceType: 'soft' }))).toBe(
      LAST_ACTIVE,
    );
    expect(activity(delivery('email_opened', '2027-06-12T02:20:19Z'))).toBe(
      Date.parse('2027-06-12T02:20:19Z'),
    );
    expect(activity(delivery('email_complained', '2027-06-12T02:41:02Z'))).toBe(
      Date.parse('2027-06-12T02:41:02Z'),
    );
  });
});

describe('a profile after a device event', () => {
  it('leaves the last activity alone when a device is taken off the profile', () => {
    // Prepare
    const device = (name: string, properties: Record<string, string>) =>
      CustomerEvent.parse({
        eventId: `dev-${name}`,
        customerId: 'cust-1',
        name,
        at: '2027-06-12T03:00:00Z',
        properties,
      });
    const registered = profileAfterEvent(
      stored,
      device('device_registered', { platform: 'fcm', token: 'token-of-cust-1' }),
      NOW,
    );

    // Act
    const unregistered = profileAfterEvent(
      { ...registered, lastActiveAt: LAST_ACTIVE },
      device('device_unregistered', { token: 'token-of-cust-1' }),
      NOW,
    );

    // Assess
    expect(unregistered.devices).toEqual([]);
    expect(unregistered.lastActiveAt).toBe(LAST_ACTIVE);
  });
});
