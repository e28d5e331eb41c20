import { describe, expect, test, vi } from 'vitest';
import { PAYERS } from '../../../engine/metering/payers.ts';
import { LAMBDA_CONTEXT } from '../../../engine/task-handlers.ts';
import { createPushFeedbackHandler } from '../../../functions/push-feedback/handler.ts';
import { funnelTotal, post } from '../../support/engine/engine-harness.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';
import { logsEvent, statusRecord } from './delivery-status-support.ts';

/**
 * The push-feedback Lambda's handler chain on dynalite: SNS's delivery status logs, in the shape
 * its Developer Guide gives, as a CloudWatch Logs subscription delivers them, become customer
 * events ingested as POST /events ingests them, counted at the send step of each push.
 */

const AT = Date.parse('2027-06-11T10:00:00Z');
const JOURNEY = 'first-purchase-gift';
const STEP = 'send-gift-reminder';
const RUN = 'first-purchase-gift-202706110200';
const engineOf = useLocalEngine(AT);
const deps = () => engineOf().depsOf(PAYERS.eventsApi);
const feedback = (event: unknown) => createPushFeedbackHandler(deps())(event as never, LAMBDA_CONTEXT);
const stepTotal = (metric: 'delivered' | 'deliveryFailed') =>
  funnelTotal(engineOf(), JOURNEY, metric, { stepId: STEP });

let serial = 0;
/** A customer who signed up, and a push SNS took for them at the gift reminder, kept as the adapter keeps it. */
async function pushedTo(): Promise<{ customerId: string; messageId: string }> {
  serial += 1;
  const customerId = `cust-push-${serial}`;
  const messageId = `5f0c${String(serial).padStart(4, '0')}-6ed6-5734-89f7-e6a6a42de02a`;
  await post(engineOf(), [
    {
      eventId: `signup-${customerId}`,
      customerId,
      name: 'signup',
      at: new Date(AT - 3_600_000).toISOString(),
      properties: { consent: { push: true }, timezone: 'Europe/London' },
    },
  ]);
  await engineOf().deps.stores.pushMessages.remember({
    messageId,
    customerId,
    idempotencyKey: `${RUN}/${STEP}/${customerId}`,
    journeyId: JOURNEY,
    runId: RUN,
    stepId: STEP,
    platform: 'GCM',
  });
  return { customerId, messageId };
}

const timelineOf = (customerId: string) =>
  engineOf().deps.stores.events.timeline(customerId, AT - 86_400_000, AT + 86_400_000);

describe('delivery status logs through the push-feedback handler', () => {
  test('a SUCCESS counts the push delivered at its send step, and the same line told again counts once', async () => {
    // Prepare
    const { customerId, messageId } = await pushedTo();
    const before = await stepTotal('delivered');
    const event = logsEvent([statusRecord('success', messageId)]);

    // Act
    const first = await feedback(structuredClone(event));
    const again = await feedback(structuredClone(event));

    // Assess
    expect(first).toEqual({ accepted: 1, duplicates: 0, ignored: 0, dropped: 0 });
    expect(again).toEqual({ accepted: 0, duplicates: 1, ignored: 0, dropped: 0 });
    expect(await stepTotal('delivered')).toBe(before + 1);
    const delivered = (await timelineOf(customerId)).find((entry) => entry.name === 'push_delivered');
    expect(delivered?.properties).toEqual({
      idempotencyKey: `${RUN}/${STEP}/${customerId}`,
      journeyId: JOURNEY,
      runId: RUN,
      stepId: STEP,
    });
    expect(delivered?.at).toBe(Date.parse('2027-06-11T10:00:05Z'));
  });

  test('a FAILURE counts the push failed, with the reason APNs gave on the event', async () => {
    // Prepare
    const { customerId, messageId } = await pushedTo();
    const before = await stepTotal('deliveryFailed');

    // Act
    const summary = await feedback(logsEvent([statusRecord('failure', messageId)]));

    // Assess
    expect(summary).toEqual({ accepted: 1, duplicates: 0, ignored: 0, dropped: 0 });
    expect(await stepTotal('deliveryFailed')).toBe(before + 1);
    const failed = (await timelineOf(customerId)).find((entry) => entry.name === 'push_failed');
    expect(failed?.properties).toMatchObject({ reason: 'InvalidToken', stepId: STEP });
  });

  test('a malformed line is dropped, named by its paths without the token, and the good lines of the batch count', async () => {
    // Prepare
    const { messageId } = await pushedTo();
    const warn = vi.spyOn(deps().logger, 'warn');
    const malformed = { ...statusRecord('failure'), status: 'DELIVERED' };

    // Act
    const summary = await feedback(logsEvent([malformed, 'not json', statusRecord('success', messageId)]));

    // Assess
    expect(summary).toEqual({ accepted: 1, duplicates: 0, ignored: 0, dropped: 2 });
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).toContain('message.status');
    expect(logged).not.toContain('examp1e29z6j5c4df46f80189c4c83fjcgf7f6257e98542d2jt3395kj73');
    warn.mockRestore();
  });

  test('a control message is passed over, a push no journey sent (or kept no longer) is ignored, and a batch that cannot be read is dropped whole', async () => {
    // Act
    const control = await feedback(
      logsEvent(
        ['CWL CONTROL MESSAGE: Checking health of destination Lambda.'],
        AT,
        undefined,
        'CONTROL_MESSAGE',
      ),
    );
    const unknown = await feedback(
      logsEvent([statusRecord('success', '00000000-0000-5000-8000-00000000dead')]),
    );
    const unreadable = await feedback({ awslogs: { data: 'bm90IGd6aXA=' } });

    // Assess
    expect(control).toEqual({ accepted: 0, duplicates: 0, ignored: 0, dropped: 0 });
    expect(unknown).toEqual({ accepted: 0, duplicates: 0, ignored: 1, dropped: 0 });
    expect(unreadable).toEqual({ accepted: 0, duplicates: 0, ignored: 0, dropped: 1 });
  });
});
