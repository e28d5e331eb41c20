import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { localDocumentClient } from '../../../engine/dynalite/local-client.ts';
import { LocalEngine } from '../../../engine/engine.ts';
import { PAYERS } from '../../../engine/metering/payers.ts';
import { DAY_MS, MINUTE_MS } from '../../../functions/commons/runtime/clock.ts';
import { DynamoInboxStore, type InboxMessage } from '../../../functions/commons/stores/inbox.ts';
import { entryOf, type InboxRequest, openedEvent } from '../../../functions/inbox/inbox.ts';
import { InboxListing, ReadAnswer } from '../../../functions/inbox/inbox-schemas.ts';
import { CustomerEvent } from '../../../workflows/contracts/customer.ts';
import { funnelTotal, profile } from '../../support/engine/engine-harness.ts';
import { IN_APP_JOURNEY, inAppCatalog } from '../../support/engine/in-app-workspace.ts';

/** The inbox routes' logic through the handler chain Lambda runs, on the local engine. */

const AT = Date.parse('2027-06-11T02:00:00Z');
const RUN = `${IN_APP_JOURNEY}-202706110200`;
let engine: LocalEngine;
let store: DynamoInboxStore;

beforeAll(async () => {
  engine = await LocalEngine.start({ catalog: await inAppCatalog(), startAt: AT });
  store = new DynamoInboxStore(
    localDocumentClient({ endpoint: engine.dynamoEndpoint }),
    engine.deps.config.STATE_TABLE,
  );
}, 60_000);
afterAll(async () => {
  await engine?.stop();
});

/** A customer with one message from the journey's welcome step in their inbox; its id. */
async function customerWithMessage(customerId: string, stepId = 'send-welcome'): Promise<string> {
  await engine.deps.stores.customers.putMany([
    profile(customerId, { consent: { in_app: true }, timezone: 'Asia/Shanghai' }),
  ]);
  await store.put(
    {
      customerId,
      idempotencyKey: `${RUN}/${stepId}/${customerId}`,
      journeyId: IN_APP_JOURNEY,
      runId: RUN,
      stepId,
      template: 'in-app-welcome',
      subject: 'Welcome',
      body: 'Hello',
      at: engine.clock.now(),
    },
    30 * DAY_MS,
  );
  const [message] = (await store.list(customerId, engine.clock.now(), { limit: 1 })).messages;
  return message?.id ?? '';
}

async function call(request: InboxRequest) {
  const response = await engine.inbox(request);
  return { status: response.statusCode, headers: response.headers, body: JSON.parse(response.body) };
}
const list = (id: string, query: Record<string, string> = {}) => call({ method: 'GET', path: { id }, query });
const read = (id: string, message: string) => call({ method: 'POST', path: { id, message } });

describe('GET /customers/{id}/inbox', () => {
  test('answers a page in the schema of the route, and an empty inbox as no messages', async () => {
    // Prepare
    await customerWithMessage('h-list');

    // Act
    const full = await list('h-list');
    const empty = await list('h-nobody');

    // Assess
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('application/json');
    expect(InboxListing.parse(full.body).messages).toEqual([
      expect.objectContaining({ subject: 'Welcome', body: 'Hello', stepId: 'send-welcome', read: false }),
    ]);
    expect(empty).toMatchObject({ status: 200, body: { messages: [] } });
  });

  test('refuses a bad limit, an unknown query field, a made-up cursor and a bad customer id, naming each field', async () => {
    // Act
    const answers = await Promise.all([
      list('h-list', { limit: '0' }),
      list('h-list', { limit: 'ten' }),
      list('h-list', { limit: '101' }),
      list('h-list', { page: '2' }),
      list('h-list', { next: 'bm90LWEtY3Vyc29y' }),
      list('has space'),
    ]);

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(answers.map((answer) => answer.body.problems)).toEqual([
      [{ path: 'query.limit', message: 'expected limit as a whole number from 1 to 100' }],
      [{ path: 'query.limit', message: 'expected limit as a whole number from 1 to 100' }],
      [{ path: 'query.limit', message: 'expected limit as a whole number from 1 to 100' }],
      [expect.objectContaining({ path: 'query.page' })],
      [{ path: 'query.next', message: 'expected next as the cursor a previous page gave, unchanged' }],
      [{ path: 'path.id', message: 'expected a customer id of letters, digits and _ : . - @ +' }],
    ]);
  });

  test('takes a percent-encoded customer id as the id it encodes', async () => {
    // Prepare
    await customerWithMessage('h+1@shop');

    // Act
    const answer = await list(encodeURIComponent('h+1@shop'));

    // Assess
    expect(answer.body.messages).toHaveLength(1);
  });

  test('answers 405 to a method the route does not take', async () => {
    // Act
    const answer = await call({ method: 'POST', path: { id: 'h-list' } });

    // Assess
    expect(answer).toMatchObject({ status: 405, headers: { allow: 'GET' } });
  });
});

describe('POST /customers/{id}/inbox/{message}/read', () => {
  test('marks the message read and counts its open in the funnel once, however often it is read', async () => {
    // Prepare
    const id = await customerWithMessage('h-read');

    // Act
    const first = await read('h-read', id);
    await engine.advanceTo(engine.clock.now() + MINUTE_MS);
    const second = await read('h-read', id);

    // Assess
    expect(first.status).toBe(200);
    expect(ReadAnswer.parse(first.body).message).toMatchObject({ id, read: true });
    expect(second.body).toEqual(first.body);
    expect(await funnelTotal(engine, IN_APP_JOURNEY, 'opened', { stepId: 'send-welcome' })).toBe(1);
    const timeline = await engine.deps.stores.events.timeline('h-read', AT - DAY_MS, AT + DAY_MS);
    expect(timeline.filter((event) => event.name === 'in_app_opened')).toHaveLength(1);
  });

  test('when the open cannot be recorded, the read fails, and the next read counts it once', async () => {
    // Prepare: the events API's timeline write fails once.
    const id = await customerWithMessage('h-retry', 'send-tip');
    const events = engine.depsOf(PAYERS.eventsApi).stores.events;
    const append = events.appendToTimelines.bind(events);
    const spy = vi
      .spyOn(events, 'appendToTimelines')
      .mockImplementationOnce(async () => {
        throw new Error('ProvisionedThroughputExceededException');
      })
      .mockImplementation(append);

    // Act
    const failed = await read('h-retry', id);
    const retried = await read('h-retry', id);
    const again = await read('h-retry', id);
    spy.mockRestore();

    // Assess
    expect([failed.status, retried.status, again.status]).toEqual([500, 200, 200]);
    expect(await funnelTotal(engine, IN_APP_JOURNEY, 'opened', { stepId: 'send-tip' })).toBe(1);
  });

  test('answers 404 for a message the inbox does not hold, 400 for an id it never gave, 405 for GET', async () => {
    // Prepare
    const id = await customerWithMessage('h-missing', 'send-last-call');

    // Act
    const elsewhere = await read('h-someone-else', id);
    const malformed = await read('h-missing', 'abc');
    const wrongMethod = await call({ method: 'GET', path: { id: 'h-missing', message: id } });

    // Assess
    expect(elsewhere).toMatchObject({ status: 404 });
    expect(malformed.status).toBe(400);
    expect(malformed.body.problems).toEqual([
      { path: 'path.message', message: 'expected the id of a message as GET /customers/{id}/inbox lists it' },
    ]);
    expect(wrongMethod).toMatchObject({ status: 405, headers: { allow: 'POST' } });
  });
});

describe('the open event and the entry', () => {
  const message: InboxMessage = {
    id: 'x',
    customerId: `c-${'x'.repeat(120)}`,
    idempotencyKey: `${'r'.repeat(80)}/${'s'.repeat(64)}/c-${'x'.repeat(120)}`,
    journeyId: IN_APP_JOURNEY,
    runId: 'r'.repeat(80),
    stepId: 's'.repeat(64),
    template: 'in-app-welcome',
    body: 'Hello',
    sentAt: AT,
    expiresAt: AT + DAY_MS,
    readAt: AT + MINUTE_MS,
    openCounted: false,
  };

  test('the open is a valid in_app_opened event at the first read, with the same short id every time', () => {
    // Act
    const event = openedEvent(message);

    // Assess
    expect(CustomerEvent.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({ name: 'in_app_opened', at: new Date(AT + MINUTE_MS).toISOString() });
    expect(event.eventId.length).toBeLessThanOrEqual(128);
    expect(openedEvent({ ...message, readAt: AT + DAY_MS }).eventId).toBe(event.eventId);
  });

  test('the entry shows times as ISO and leaves out what the message has not', () => {
    // Act
    const entry = entryOf(message);

    // Assess
    expect(entry).toEqual({
      id: 'x',
      body: 'Hello',
      journeyId: IN_APP_JOURNEY,
      stepId: 's'.repeat(64),
      sentAt: '2027-06-11T02:00:00.000Z',
      expiresAt: '2027-06-12T02:00:00.000Z',
      read: true,
      readAt: '2027-06-11T02:01:00.000Z',
    });
  });
});
