import { describe, expect, test, vi } from 'vitest';
import { PAYERS } from '../../../engine/metering/payers.ts';
import { LAMBDA_CONTEXT } from '../../../engine/task-handlers.ts';
import { createSmsFeedbackHandler } from '../../../functions/sms-feedback/handler.ts';
import { funnelTotal, post } from '../../support/engine/engine-harness.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';
import { receiptFor, replyFrom, type SentSms, snsEvent } from './sms-notifications-support.ts';

/**
 * The sms-feedback Lambda's handler chain on dynalite: End User Messaging SMS's notifications, in
 * the shapes its user guide gives, become customer events ingested as POST /events ingests them.
 */

const AT = Date.parse('2027-06-12T06:00:00Z');
const engineOf = useLocalEngine(AT);
const depsOf = () => engineOf().depsOf(PAYERS.eventsApi);
const feedback = (event: unknown) => createSmsFeedbackHandler(depsOf())(event as never, LAMBDA_CONTEXT);
const profileOf = (customerId: string) => engineOf().deps.stores.customers.get(customerId);

let serial = 0;
/** A customer who signed up through the events API with a number of their own, consenting to SMS. */
async function signedUp(phone = `+1425555${String(1000 + (serial % 9000)).padStart(4, '0')}`) {
  serial += 1;
  const customerId = `cust-sms-${serial}`;
  await post(engineOf(), [
    {
      eventId: `signup-${customerId}`,
      customerId,
      name: 'signup',
      at: new Date(AT - 3_600_000).toISOString(),
      properties: { phone, consent: { sms: true }, timezone: 'Asia/Shanghai' },
    },
  ]);
  return { customerId, phone };
}

const sent = (customerId: string, messageId: string): SentSms => ({
  journeyId: 'first-purchase-gift',
  runId: 'first-purchase-gift-202706110200',
  stepId: 'send-gift-reminder',
  customerId,
  messageId,
});

describe('two-way SMS replies through the sms-feedback handler', () => {
  test('a STOP reply unsubscribes the customer with that number from SMS, and the same reply told again changes nothing', async () => {
    // Prepare
    const { customerId, phone } = await signedUp();
    const stop = replyFrom('inbound-stop', phone, `in-${serial}`);

    // Act
    const first = await feedback(structuredClone(stop));
    const again = await feedback(structuredClone(stop));

    // Assess
    expect(first).toEqual({ accepted: 1, duplicates: 0, ignored: 0, dropped: 0 });
    expect(again).toEqual({ accepted: 0, duplicates: 1, ignored: 0, dropped: 0 });
    expect((await profileOf(customerId))?.consent).toEqual({ sms: false });
  });

  test('a START reply consents the customer to SMS again', async () => {
    // Prepare
    const { customerId, phone } = await signedUp();
    await feedback(replyFrom('inbound-stop', phone, `in-stop-${serial}`));

    // Act
    const summary = await feedback(replyFrom('inbound-start', phone, `in-start-${serial}`, AT + 60_000));

    // Assess
    expect(summary).toEqual({ accepted: 1, duplicates: 0, ignored: 0, dropped: 0 });
    expect((await profileOf(customerId))?.consent).toEqual({ sms: true });
  });

  test('a reply whose provider id holds "+", "=" or 128 characters is taken, and told twice is a duplicate', async () => {
    // Prepare: SNS message ids are base64 at times; ours take letters, digits and _ : . - / # @ only.
    const { customerId, phone } = await signedUp();
    const stop = replyFrom('inbound-stop', phone, `${'wJalrXUtnFEMI+K7MDENG='.repeat(5)}abcdefgh`);

    // Act
    const summaries = [await feedback(structuredClone(stop)), await feedback(structuredClone(stop))];

    // Assess
    expect(summaries).toEqual([
      { accepted: 1, duplicates: 0, ignored: 0, dropped: 0 },
      { accepted: 0, duplicates: 1, ignored: 0, dropped: 0 },
    ]);
    expect((await profileOf(customerId))?.consent.sms).toBe(false);
  });

  test('a number given with its trunk 0 after the country code is the number AWS reports', async () => {
    // Prepare: "+44 07700 900123" as a form may take it; AWS writes the number without the 0.
    const { customerId } = await signedUp('+4407700900123');

    // Act
    const summary = await feedback(replyFrom('inbound-stop', '+447700900123', `in-trunk-${serial}`));

    // Assess
    expect(summary.accepted).toBe(1);
    expect(await profileOf(customerId)).toMatchObject({ phone: '+447700900123', consent: { sms: false } });
  });

  test('every customer who still has the number is unsubscribed; one who changed their number is not', async () => {
    // Prepare: a shared family number, and a customer who has since moved to another one.
    const shared = '+14255559001';
    const parent = await signedUp(shared);
    const child = await signedUp(shared);
    const moved = await signedUp(shared);
    await post(engineOf(), [
      {
        eventId: `moved-${moved.customerId}`,
        customerId: moved.customerId,
        name: 'profile_updated',
        at: new Date(AT - 1_800_000).toISOString(),
        properties: { phone: '+14255559002' },
      },
    ]);

    // Act
    const summary = await feedback(replyFrom('inbound-stop', shared, 'in-shared'));

    // Assess
    expect(summary.accepted).toBe(2);
    expect((await profileOf(parent.customerId))?.consent.sms).toBe(false);
    expect((await profileOf(child.customerId))?.consent.sms).toBe(false);
    expect((await profileOf(moved.customerId))?.consent.sms).toBe(true);
  });

  test('a reply that is no keyword, or from a number no customer has, is ignored', async () => {
    // Prepare
    const { customerId, phone } = await signedUp();

    // Act
    const question = await feedback(replyFrom('inbound-question', phone, `in-q-${serial}`));
    const stranger = await feedback(replyFrom('inbound-stop', '+14255559999', 'in-stranger'));

    // Assess
    expect(question).toEqual({ accepted: 0, duplicates: 0, ignored: 1, dropped: 0 });
    expect(stranger).toEqual({ accepted: 0, duplicates: 0, ignored: 1, dropped: 0 });
    expect((await profileOf(customerId))?.consent.sms).toBe(true);
  });
});

describe('delivery events through the sms-feedback handler', () => {
  test('TEXT_DELIVERED and a final TEXT_SUCCESSFUL count the message delivered once at its send step', async () => {
    // Prepare
    const { customerId } = await signedUp();
    const message = sent(customerId, `862a8790-delivered-${serial}`);

    // Act
    const delivered = await feedback(receiptFor('text-delivered', message));
    const successful = await feedback(receiptFor('text-successful', message));

    // Assess
    expect(delivered).toEqual({ accepted: 1, duplicates: 0, ignored: 0, dropped: 0 });
    expect(successful).toEqual({ accepted: 0, duplicates: 1, ignored: 0, dropped: 0 });
    expect(
      await funnelTotal(engineOf(), 'first-purchase-gift', 'delivered', { stepId: 'send-gift-reminder' }),
    ).toBe(1);
  });

  test('a receipt whose message id holds "+" and "=" is counted, once', async () => {
    // Prepare
    const { customerId } = await signedUp();
    const message = sent(customerId, `${'a+b/c='.repeat(21)}xy`);

    // Act
    const summaries = [
      await feedback(receiptFor('text-delivered', message)),
      await feedback(receiptFor('text-delivered', message)),
    ];

    // Assess
    expect(summaries.map(({ accepted, duplicates }) => [accepted, duplicates])).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  test('a final failure counts the message failed, with the carrier reason on the event', async () => {
    // Prepare
    const { customerId } = await signedUp();
    const before = await funnelTotal(engineOf(), 'first-purchase-gift', 'deliveryFailed');

    // Act
    const summary = await feedback(
      receiptFor('text-blocked', sent(customerId, `862a8790-blocked-${serial}`)),
    );

    // Assess
    expect(summary).toEqual({ accepted: 1, duplicates: 0, ignored: 0, dropped: 0 });
    expect(await funnelTotal(engineOf(), 'first-purchase-gift', 'deliveryFailed')).toBe(before + 1);
    const timeline = await engineOf().deps.stores.events.timeline(
      customerId,
      AT - 86_400_000,
      AT + 86_400_000,
    );
    expect(timeline.find((event) => event.name === 'sms_failed')?.properties).toMatchObject({
      reason: 'BLOCKED',
      stepId: 'send-gift-reminder',
    });
  });

  test('statuses that are not final are ignored: a pending message, a carrier unreachable for now', async () => {
    // Prepare
    const { customerId } = await signedUp();

    // Act
    const pending = await feedback(
      receiptFor('text-pending', sent(customerId, `862a8790-pending-${serial}`)),
    );
    const unreachable = await feedback(
      receiptFor('text-carrier-unreachable', sent(customerId, `862a8790-unreachable-${serial}`)),
    );

    // Assess
    expect(pending).toEqual({ accepted: 0, duplicates: 0, ignored: 1, dropped: 0 });
    expect(unreachable).toEqual({ accepted: 0, duplicates: 0, ignored: 1, dropped: 0 });
  });

  test('an event about a message no journey sent is ignored', async () => {
    // Act
    const summary = await feedback(
      snsEvent('text-delivered', (message) => {
        message.context = { account: 'bar' };
      }),
    );

    // Assess
    expect(summary).toEqual({ accepted: 0, duplicates: 0, ignored: 1, dropped: 0 });
  });
});

describe('malformed notifications', () => {
  test('are dropped and logged by path, without the number or the text', async () => {
    // Prepare
    const warn = vi.spyOn(depsOf().logger, 'warn');
    const notJson = snsEvent('inbound-stop');
    const record = notJson.Records[0];
    if (record) record.Sns.Message = 'STOP from +14255550182';
    const badNumber = replyFrom('inbound-stop', '4255550182', 'in-bad');

    // Act
    const summaries = [await feedback(notJson), await feedback(badNumber), await feedback({ Records: [{}] })];

    // Assess
    expect(summaries.map((summary) => summary.dropped)).toEqual([1, 1, 1]);
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).toContain('Sns.Message.originationNumber');
    expect(logged).not.toContain('4255550182');
    expect(logged).not.toContain('STOP from');
    warn.mockRestore();
  });
});
