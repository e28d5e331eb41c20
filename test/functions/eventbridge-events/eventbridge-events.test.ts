import { readFileSync } from 'node:fs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { PAYERS } from '../../../engine/metering/payers.ts';
import { LAMBDA_CONTEXT } from '../../../engine/task-handlers.ts';
import { createEventBridgeEventsHandler } from '../../../functions/eventbridge-events/handler.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';

/**
 * The EventBridge source's handler against dynalite: SQS records whose bodies are EventBridge
 * events (test/events/eventbridge/), in our format or in Segment's and RudderStack's, ingested as
 * POST /events ingests them; a poison event is a batch item failure and the rest succeed.
 */

const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../events/eventbridge/${name}.json`, import.meta.url), 'utf8'));
const RECORD: SQSRecord = read('sqs-record');

const START_AT = Date.parse('2027-06-11T03:00:00Z');
const engineOf = useLocalEngine(START_AT);
const handlerOf = () => createEventBridgeEventsHandler(engineOf().depsOf(PAYERS.eventsApi));

/** An SQS event of the fixture EventBridge events, each its own record (with a message id of its own). */
function sqsEvent(...bodies: (string | object)[]): SQSEvent {
  return {
    Records: bodies.map((body, index) => ({
      ...structuredClone(RECORD),
      messageId: `record-${index}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })),
  };
}

const failures = async (event: SQSEvent) =>
  (await handlerOf()(event, LAMBDA_CONTEXT)).batchItemFailures.map((failure) => failure.itemIdentifier);

const timelineOf = (customerId: string) => engineOf().deps.stores.events.timeline(customerId, 0, START_AT);

describe('EventBridge events through SQS', () => {
  it('ingests events in our format and in Segment and RudderStack shapes, and reports only the poison ones', async () => {
    // Prepare
    const event = sqsEvent(
      read('journeys-event'),
      read('segment-identify'),
      read('segment-track'),
      read('poison-unknown-detail'),
      read('rudderstack-track'),
      read('poison-invalid-event'),
      'not json at all',
    );

    // Act
    const failed = await failures(event);

    // Assess
    expect(failed).toEqual(['record-3', 'record-5', 'record-6']);
    expect((await timelineOf('cust-eventbridge-1')).map((stored) => stored.name)).toEqual(['add_to_cart']);
    expect((await timelineOf('cust-eventbridge-2')).map((stored) => stored.name)).toEqual([
      'profile_updated',
      'purchase',
    ]);
    expect(
      (await timelineOf('cust-eventbridge-3')).map((stored) => [stored.name, stored.properties]),
    ).toEqual([['video_played', { video_id: 'v-42', position: 12 }]]);
    expect(await engineOf().deps.stores.customers.get('cust-eventbridge-4')).toBeUndefined();
    expect(await engineOf().deps.stores.customers.get('cust-eventbridge-2')).toMatchObject({
      email: 'eb@example.com',
      orderCount: 1,
      attributes: { first_name: 'Lin' },
    });
  });

  it('takes an event delivered twice (EventBridge delivers at least once) as a duplicate, not a failure', async () => {
    // Prepare
    const twice = read('journeys-event');
    twice.detail.eventId = 'order-service-twice';
    twice.detail.customerId = 'cust-eventbridge-twice';

    // Act
    const first = await failures(sqsEvent(twice));
    const again = await failures(sqsEvent(twice, twice));

    // Assess
    expect([...first, ...again]).toEqual([]);
    expect(await timelineOf('cust-eventbridge-twice')).toHaveLength(1);
  });

  it('takes page, screen, group and alias calls off the queue as done, and ingests nothing of them', async () => {
    // Prepare: a Segment destination forwards every call of its source.
    const track = read('segment-track');
    const call = (type: string, index: number) => ({
      ...track,
      'detail-type': type,
      detail: {
        ...track.detail,
        type,
        event: undefined,
        name: 'Home',
        messageId: `other-call-${index}`,
        userId: 'cust-eventbridge-other',
      },
    });

    // Act
    const failed = await failures(sqsEvent(...['page', 'screen', 'group', 'alias'].map(call)));

    // Assess
    expect(failed).toEqual([]);
    expect(await timelineOf('cust-eventbridge-other')).toEqual([]);
    expect(await engineOf().deps.stores.customers.get('cust-eventbridge-other')).toBeUndefined();
  });

  it('reports every record of a batch that is all poison, without failing the invocation', async () => {
    const failed = await failures(sqsEvent(read('poison-unknown-detail'), read('poison-invalid-event')));

    expect(failed).toEqual(['record-0', 'record-1']);
  });
});
