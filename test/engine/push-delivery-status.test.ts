import { DeleteEndpointCommand, PublishCommand } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, test } from 'vitest';
import { LocalEngine } from '../../engine/engine.ts';
import { PAYERS } from '../../engine/metering/payers.ts';
import { LAMBDA_CONTEXT } from '../../engine/task-handlers.ts';
import { SnsDeviceRegistrar } from '../../functions/commons/channels/push/device-registrar.ts';
import { SnsPushAdapter } from '../../functions/commons/channels/push/sns-push.ts';
import { cohortWindowMs, windowReadyAt, windowStart } from '../../functions/commons/cohorts/cohort-window.ts';
import { createPushFeedbackHandler } from '../../functions/push-feedback/handler.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { logsEvent, statusRecord } from '../functions/push-feedback/delivery-status-support.ts';
import { event, funnelTotal, post } from '../support/engine/engine-harness.ts';
import { freshPerDelivery } from '../support/engine/fresh-adapters.ts';
import { standInSns } from '../support/engine/sns-stand-in.ts';

// Push's delivery counts on the embedded engine: the real SNS adapter publishes over a stand-in
// for SNS at the SDK edge, and SNS's delivery status logs come back, as a CloudWatch Logs
// subscription delivers them, through the push-feedback handler.
const WORKSPACE = 'test/fixtures/workspaces/push';
const JOURNEY = 'push-twice';
/** 11:00 in London. */
const START = '2027-06-11T10:00:00Z';
const FCM_APP = 'arn:aws:sns:us-east-1:111122223333:app/GCM/shop';
const FCM_LOGS = 'sns/us-east-1/111122223333/app/GCM/shop';

let running: LocalEngine | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Customers with an Android phone each (or `phones`), welcomed by push once their sign-up hour's window closes. */
async function welcomed(customers: readonly string[], phones = 1) {
  const sns = standInSns();
  const noWait = async () => {};
  const engine = await LocalEngine.start({
    catalog: await catalogFromWorkspace(WORKSPACE, [JOURNEY]),
    startAt: Date.parse(START),
    channels: { push: freshPerDelivery(() => new SnsPushAdapter(sns.client, { wait: noWait })) },
    devices: new SnsDeviceRegistrar(sns.client, { fcm: FCM_APP }, { wait: noWait }),
  });
  running = engine;
  await post(
    engine,
    customers.flatMap((id) => [
      event(engine, `signup-${id}`, id, 'signup', { timezone: 'Europe/London', consent: { push: true } }),
      ...Array.from({ length: phones }, (_, n) =>
        event(engine, `device-${id}-${n}`, id, 'device_registered', {
          platform: 'fcm',
          token: n === 0 ? `fcm-token-${id}` : `fcm-token-${id}-${n}`,
        }),
      ),
    ]),
  );
  const window = cohortWindowMs(engine.deps.catalog.journeys.get(JOURNEY) as never);
  await engine.advanceTo(windowReadyAt(windowStart(Date.parse(START), window), window));
  await engine.tick();
  await engine.clock.idle();
  // SNS's MessageId of each customer's push, as the stand-in answered each Publish.
  const messageIdOf = new Map<string, string>();
  const messageIds: string[] = [];
  for (const call of sns.mock.commandCalls(PublishCommand)) {
    const answer = await call.returnValue;
    if (answer.MessageId) messageIds.push(answer.MessageId);
    const customerId = customers.find(
      (id) => sns.endpointOf(`fcm-token-${id}`) === call.args[0].input.TargetArn,
    );
    if (customerId && answer.MessageId) messageIdOf.set(customerId, answer.MessageId);
  }
  const handler = createPushFeedbackHandler(engine.depsOf(PAYERS.eventsApi));
  const logged = (records: Parameters<typeof logsEvent>[0]) =>
    handler(logsEvent(records, engine.clock.now(), FCM_LOGS) as never, LAMBDA_CONTEXT);
  return { engine, sns, messageIdOf, messageIds, logged };
}

const welcome = (engine: LocalEngine, metric: Parameters<typeof funnelTotal>[2]) =>
  funnelTotal(engine, JOURNEY, metric, { stepId: 'send-welcome' });

describe('push delivery status on the embedded engine', () => {
  test('the funnel counts the pushes sent, delivered and failed with the reason; a line told twice counts once; a refused token leaves the profile', async () => {
    // Prepare
    const { engine, sns, messageIdOf, logged } = await welcomed(['ana', 'bo', 'cy']);
    const boPhone = sns.endpointOf('fcm-token-bo');
    const [ana, bo] = [messageIdOf.get('ana'), messageIdOf.get('bo')];
    expect(messageIdOf.size).toBe(3);

    // Act: Ana's push reaches FCM; Bo's is refused as unregistered (FCM tells SNS, which disables his endpoint);
    // and a line no one can read is among them.
    sns.disable('fcm-token-bo');
    const first = await logged([
      statusRecord('success', ana),
      'START RequestId: 8f5a',
      statusRecord('failure', bo, {
        token: 'fcm-token-bo',
        statusCode: 404,
        providerResponse: JSON.stringify({
          error: { code: 404, status: 'NOT_FOUND', details: [{ errorCode: 'UNREGISTERED' }] },
        }),
      }),
    ]);
    const again = await logged([statusRecord('success', ana)]);

    // Assess
    expect(first).toEqual({ accepted: 2, duplicates: 0, ignored: 0, dropped: 1 });
    expect(again).toEqual({ accepted: 0, duplicates: 1, ignored: 0, dropped: 0 });
    expect({
      sent: await welcome(engine, 'sent'),
      delivered: await welcome(engine, 'delivered'),
      deliveryFailed: await welcome(engine, 'deliveryFailed'),
    }).toEqual({ sent: 3, delivered: 1, deliveryFailed: 1 });
    const timeline = await engine.deps.stores.events.timeline('bo', 0, engine.clock.now() + 60_000);
    expect(timeline.find((entry) => entry.name === 'push_failed')?.properties).toMatchObject({
      journeyId: JOURNEY,
      stepId: 'send-welcome',
      reason: 'UNREGISTERED',
    });
    // The refused token leaves Bo's profile, and its disabled endpoint is deleted: the next push skips him.
    expect((await engine.deps.stores.customers.get('bo'))?.devices).toEqual([]);
    expect(sns.inputs(DeleteEndpointCommand)).toEqual([{ EndpointArn: boPhone }]);
  });

  test("a customer with two phones counts one message delivered, whatever each phone's status says", async () => {
    // Prepare: SNS publishes once per phone, each with a message id of its own.
    const { engine, messageIds, logged } = await welcomed(['di'], 2);
    expect(messageIds).toHaveLength(2);

    // Act
    await logged(messageIds.map((messageId) => statusRecord('success', messageId)));

    // Assess
    expect({ sent: await welcome(engine, 'sent'), delivered: await welcome(engine, 'delivered') }).toEqual({
      sent: 1,
      delivered: 1,
    });
  });
});
