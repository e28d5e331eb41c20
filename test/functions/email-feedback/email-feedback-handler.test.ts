import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAYERS } from '../../../engine/metering/payers.ts';
import { LAMBDA_CONTEXT } from '../../../engine/task-handlers.ts';
import { createEmailFeedbackHandler } from '../../../functions/email-feedback/handler.ts';
import { CustomerProfile } from '../../../workflows/contracts/customer.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';
import { eventTimeOf, type SesEventJson, type SesFixture, sesEvent } from './ses-events-support.ts';

/**
 * The email-feedback Lambda's handler chain on dynalite: SES events in the shapes of the SES
 * developer guide become customer events, ingested as POST /events ingests them.
 */

// After every fixture event, within the events' retention.
const engineOf = useLocalEngine(Date.parse('2027-06-12T06:00:00Z'));
const depsOf = () => engineOf().depsOf(PAYERS.eventsApi);
const feedback = (event: unknown) => createEmailFeedbackHandler(depsOf())(event as never, LAMBDA_CONTEXT);

let serial = 0;
/** A customer with an email address, stored, and a fixture event about a message to them. */
async function customerWith(name: SesFixture, change: (event: SesEventJson) => void = () => {}) {
  serial += 1;
  const customerId = `cust-ses-${serial}`;
  await engineOf().deps.stores.customers.putMany([
    CustomerProfile.parse({
      customerId,
      email: `${customerId}@example.com`,
      consent: { email: true },
      lastActiveAt: Date.parse('2027-06-01T00:00:00Z'),
      createdAt: Date.parse('2026-01-01T00:00:00Z'),
    }),
  ]);
  const event = sesEvent(name, {
    journeyId: 'cart-nudge',
    runId: 'cart-nudge-202706110300',
    stepId: 'send-cart-coupon',
    customerId,
    messageId: `0100018f-test-${serial}-000000`,
  });
  change(event);
  return { customerId, event };
}

const profileOf = (customerId: string) => engineOf().deps.stores.customers.get(customerId);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('SES events through the email-feedback handler', () => {
  it.each([
    { fixture: 'bounce-hard', reason: 'hard_bounce' },
    { fixture: 'complaint', reason: 'complaint' },
  ] as const)('suppresses email for the customer after a $fixture', async ({ fixture, reason }) => {
    // Prepare
    const { customerId, event } = await customerWith(fixture);

    // Act
    const summary = await feedback(event);

    // Assess
    expect(summary).toEqual({ accepted: 1, duplicates: 0, ignored: 0, dropped: 0 });
    const profile = await profileOf(customerId);
    expect(profile?.suppressed).toEqual({ email: { reason, at: Date.parse(eventTimeOf(event)) } });
    expect(profile?.consent).toEqual({ email: true });
  });

  it('does not suppress email after a soft bounce (a full mailbox)', async () => {
    // Prepare
    const { customerId, event } = await customerWith('bounce-soft');

    // Act
    const summary = await feedback(event);

    // Assess
    expect(summary.accepted).toBe(1);
    expect((await profileOf(customerId))?.suppressed).toEqual({});
    const [stored] = await engineOf().deps.stores.events.timeline(customerId, 0, Date.parse('2028-01-01'));
    expect(stored).toMatchObject({ name: 'email_bounced', properties: { bounceType: 'soft' } });
  });

  it('takes an Undetermined bounce for a soft one', async () => {
    // Prepare
    const { customerId, event } = await customerWith('bounce-hard', (copy) => {
      (copy.detail.bounce as { bounceType: string }).bounceType = 'Undetermined';
    });

    // Act
    await feedback(event);

    // Assess
    expect((await profileOf(customerId))?.suppressed).toEqual({});
  });

  it('keeps the first suppression when a complaint follows a hard bounce', async () => {
    // Prepare
    const { customerId, event: bounce } = await customerWith('bounce-hard');
    const complaint = sesEvent('complaint', {
      ...{ journeyId: 'cart-nudge', runId: 'cart-nudge-202706110300', stepId: 'send-cart-coupon' },
      customerId,
      messageId: bounce.detail.mail.messageId,
    });

    // Act
    await feedback(bounce);
    await feedback(complaint);

    // Assess
    expect((await profileOf(customerId))?.suppressed.email?.reason).toBe('hard_bounce');
  });

  it('takes an event SES delivers twice for a duplicate, which changes nothing', async () => {
    // Prepare
    const { customerId, event } = await customerWith('open');
    await feedback(event);
    const before = await profileOf(customerId);

    // Act
    const again = await feedback(structuredClone(event));

    // Assess
    expect(again).toEqual({ accepted: 0, duplicates: 1, ignored: 0, dropped: 0 });
    expect(await profileOf(customerId)).toEqual(before);
  });

  it('counts an open as activity, and a delivery not', async () => {
    // Prepare
    const delivered = await customerWith('delivery');
    const opened = await customerWith('open');

    // Act
    await feedback(delivered.event);
    await feedback(opened.event);

    // Assess
    expect((await profileOf(delivered.customerId))?.lastActiveAt).toBe(Date.parse('2027-06-01T00:00:00Z'));
    expect((await profileOf(opened.customerId))?.lastActiveAt).toBe(Date.parse(eventTimeOf(opened.event)));
  });

  it.each([
    { case: 'a Send event', fixture: 'send', change: () => {} },
    {
      case: 'a complaint its reporter marks not-spam',
      fixture: 'complaint',
      change: (copy: SesEventJson) => {
        (copy.detail.complaint as { complaintFeedbackType: string }).complaintFeedbackType = 'not-spam';
      },
    },
    {
      case: 'a message sent by something else (no idempotency key tags)',
      fixture: 'bounce-hard',
      change: (copy: SesEventJson) => {
        delete copy.detail.mail.tags['idempotency-key-0'];
      },
    },
  ] as const)('ignores $case, and changes nothing', async ({ fixture, change }) => {
    // Prepare
    const { customerId, event } = await customerWith(fixture, change);
    const before = await profileOf(customerId);

    // Act
    const summary = await feedback(event);

    // Assess
    expect(summary).toEqual({ accepted: 0, duplicates: 0, ignored: 1, dropped: 0 });
    expect(await profileOf(customerId)).toEqual(before);
  });

  it.each([
    {
      case: 'a bounce without its bounceType',
      change: (copy: SesEventJson) => {
        delete (copy.detail.bounce as { bounceType?: string }).bounceType;
      },
      path: 'detail.bounce.bounceType',
    },
    {
      case: 'a detail-type that is not its event type',
      change: (copy: SesEventJson) => {
        copy['detail-type'] = 'Email Delivered';
      },
      path: 'detail-type',
    },
    {
      case: 'a bounce time that is not ISO 8601',
      change: (copy: SesEventJson) => {
        (copy.detail.bounce as { timestamp: string }).timestamp = 'yesterday';
      },
      path: 'detail.bounce.timestamp',
    },
  ])('drops $case, logging the field but nothing of the customer', async ({ change, path }) => {
    // Prepare
    const { customerId, event } = await customerWith('bounce-hard', change);
    const warn = vi.spyOn(depsOf().logger, 'warn');
    const before = await profileOf(customerId);

    // Act
    const summary = await feedback(event);

    // Assess
    expect(summary).toEqual({ accepted: 0, duplicates: 0, ignored: 0, dropped: 1 });
    expect(await profileOf(customerId)).toEqual(before);
    expect(warn).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).toContain(`"path":"${path}"`);
    expect(logged).not.toContain('@example.com');
    expect(logged).not.toContain(customerId);
  });

  it('drops an event the events API refuses (a bounce from before the events are kept), logging no ids', async () => {
    // Prepare
    const { customerId, event } = await customerWith('bounce-hard', (copy) => {
      (copy.detail.bounce as { timestamp: string }).timestamp = '2020-01-01T00:00:00.000Z';
    });
    const warn = vi.spyOn(depsOf().logger, 'warn');

    // Act
    const summary = await feedback(event);

    // Assess
    expect(summary.dropped).toBe(1);
    expect((await profileOf(customerId))?.suppressed).toEqual({});
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).toContain('"path":"at"');
    expect(logged).not.toContain(customerId);
  });
});
