import { DeleteEndpointCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { documentedExportFields } from '../support/documented-export.ts';
import { event, funnelTotal, HOUR_MS, playUntil, post } from '../support/engine/engine-harness.ts';
import {
  askRights,
  customerNamed,
  ERASURE_JOURNEY,
  ERASURE_START,
  type ErasureScenario,
  expireMemberships,
  itemsHolding,
  playErasureScenario,
} from '../support/engine/erasure-scenario.ts';

// The acceptance of erasure: a customer with a profile (email, phone), a timeline, a run membership
// that has expired, a buffered entry, sends on four channels, a gift (grants), a holdout step's
// passage, an inbox message, a push device (and the push SNS took, kept by message id) and a
// deferred send; after DELETE /customers/{id}, no item of any local table holds their id, address,
// number or device token, and the counts are as they were.
const SUBJECT = customerNamed('erase-me-7731', '+15555550177');
const BYSTANDER = customerNamed('stay-here-4410', '+15555550144');
const identifying = (customer: typeof SUBJECT) => [
  customer.id,
  customer.email,
  customer.phone,
  customer.token,
];

let scenario: ErasureScenario;
let first: Awaited<ReturnType<typeof askRights>>;
const sentBefore: number[] = [];

beforeAll(async () => {
  scenario = await playErasureScenario([SUBJECT, BYSTANDER], [SUBJECT]);
}, 120_000);
afterAll(async () => {
  await scenario?.engine.stop();
});

describe('DELETE /customers/{id}', () => {
  test('before the erasure, the tables hold the customer in every kind of record', async () => {
    // Act
    const holding = await itemsHolding(scenario.engine, [SUBJECT.id]);
    const kinds = new Set(holding.map((line) => line.split(': ')[1]?.match(/"pk":"([a-z-]+)[#"]/)?.[1]));

    // Assess: the scan sees them, so that it can tell when they are gone.
    for (const kind of [
      'customer',
      'inbox',
      'entry',
      'cohort',
      'signal',
      'sendlog',
      'grant',
      'deferred',
      'phone',
      'holdout',
      'sns-message',
    ])
      expect(kinds, kind).toContain(kind);
    expect(await itemsHolding(scenario.engine, [SUBJECT.email, SUBJECT.token])).not.toEqual([]);
    sentBefore.push(await funnelTotal(scenario.engine, ERASURE_JOURNEY, 'sent'));
  });

  test('the export lists the fields the docs list, each with what the tables hold of the customer', async () => {
    // Act
    const { status, body } = await askRights(scenario.engine, 'export', SUBJECT.id);

    // Assess
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(documentedExportFields());
    expect(body.profile).toMatchObject({ email: SUBJECT.email, phone: SUBJECT.phone });
    expect(body.consent).toMatchObject({ channels: { email: true, sms: true, push: true, in_app: true } });
    expect((body.devices as { token: string }[]).map((device) => device.token)).toEqual([SUBJECT.token]);
    const listed = (field: string) => (body[field] as unknown[]).length;
    for (const field of ['timeline', 'lastEntries', 'entries', 'memberships', 'attribution', 'dailySends'])
      expect(listed(field), field).toBeGreaterThan(0);
    expect((body.sends as { stepId: string }[]).map((send) => send.stepId).sort()).toEqual([
      'send-email',
      'send-inbox',
      'send-push',
      'send-sms',
      'send-thanks',
    ]);
    expect((body.deferredSends as { stepId: string }[]).map((send) => send.stepId)).toEqual(['send-thanks']);
    expect(listed('grants')).toBe(2);
    expect(listed('inbox')).toBe(1);
    expect(body.pushMessages).toMatchObject([{ stepId: 'send-push', platform: 'GCM' }]);
    expect((body.messages as { channel: string }[]).map((message) => message.channel).sort()).toEqual([
      'email',
      'sms',
    ]);
    expect(body.holdoutSteps).toMatchObject([{ stepId: 'hold-back', group: 'treated' }]);
    expect(body.erasure).toBeNull();
  });

  test("the run membership expires, as TTL takes it, before the run's records do", async () => {
    // Act
    const expired = await expireMemberships(scenario.engine, SUBJECT.id);

    // Assess: the send log, shards, grants, passages and outbox still name the customer.
    expect(expired).toBe(1);
    expect(await scenario.engine.deps.stores.enrollments.membershipsOf(SUBJECT.id)).toEqual([]);
    expect(await itemsHolding(scenario.engine, [SUBJECT.id])).toContainEqual(
      expect.stringMatching(/"pk":"sendlog#/),
    );
  });

  test('erases the customer from every table and answers what it removed, once done', async () => {
    // Act
    first = await askRights(scenario.engine, 'erase', SUBJECT.id);

    // Assess
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      erased: true,
      erasedAt: new Date(scenario.engine.clock.now()).toISOString(),
    });
    expect(first.body.removed).toMatchObject({
      profile: 1,
      entries: 1,
      deferredSends: 1,
      devices: 1,
      phoneIndexEntries: 1,
      pushMessages: 1,
    });
    const removed = first.body.removed as Record<string, number>;
    for (const kind of [
      'timelineEvents',
      'partitionItems',
      'cohortPlaces',
      'signals',
      'sendRecords',
      'grants',
      'holdoutPassages',
    ])
      expect(removed[kind], kind).toBeGreaterThan(0);
    expect(removed.inboxItems).toBeGreaterThanOrEqual(2);
    expect(removed.outboxMessages).toBeGreaterThanOrEqual(2);
    expect(await itemsHolding(scenario.engine, identifying(SUBJECT))).toEqual([]);
    expect(JSON.stringify(first.body)).not.toContain(SUBJECT.id);
  });

  test('deletes the push endpoint at SNS, and leaves the other customer and the counts as they were', async () => {
    // Assess
    expect(scenario.sns.inputs(DeleteEndpointCommand)).toEqual([
      { EndpointArn: expect.stringContaining(':endpoint/GCM/shop/') },
    ]);
    expect(scenario.sns.endpointOf(SUBJECT.token)).toBeUndefined();
    expect(scenario.sns.endpointOf(BYSTANDER.token)).toBeDefined();
    expect((await scenario.engine.deps.stores.customers.get(BYSTANDER.id))?.email).toBe(BYSTANDER.email);
    expect(await itemsHolding(scenario.engine, [BYSTANDER.id])).not.toEqual([]);
    expect(await funnelTotal(scenario.engine, ERASURE_JOURNEY, 'sent')).toBe(sentBefore[0]);
  });

  test('erasing again answers the same, and the tombstone names the id to an import', async () => {
    // Act
    const again = await askRights(scenario.engine, 'erase', SUBJECT.id);
    const erased = await scenario.engine.deps.stores.erasures.wereErased([SUBJECT.id, BYSTANDER.id]);

    // Assess
    expect(again).toEqual(first);
    expect([...erased.keys()]).toEqual([SUBJECT.id]);
  });

  test('the deferred thank-you never goes out, and the run goes on for the others', async () => {
    // Act: the morning in New York, when the deferred sends are due.
    await playUntil(scenario.engine, ERASURE_START + 12.5 * HOUR_MS);

    // Assess
    const after = scenario.delivered.filter((message) => message.at > ERASURE_START + 1.5 * HOUR_MS);
    expect(after.filter((message) => message.customerId === SUBJECT.id)).toEqual([]);
    expect(await itemsHolding(scenario.engine, identifying(SUBJECT))).toEqual([]);
  });

  test('an event dated before the erasure that arrives after it is refused, and brings nothing back', async () => {
    // Act: a late retry of the customer's update, in a batch with the bystander's.
    const results = await post(scenario.engine, [
      event(
        scenario.engine,
        'late-update',
        SUBJECT.id,
        'profile_updated',
        { email: SUBJECT.email },
        ERASURE_START - HOUR_MS,
      ),
      event(scenario.engine, 'bystander-update', BYSTANDER.id, 'profile_updated', { member: true }),
    ]);

    // Assess
    expect(results.map((result) => result.status)).toEqual(['rejected', 'accepted']);
    expect(results[0]).toMatchObject({
      problems: [{ path: 'at', message: expect.stringContaining("after the customer's erasure") }],
    });
    expect(await itemsHolding(scenario.engine, identifying(SUBJECT))).toEqual([]);
  });

  test('a report about a message sent before the erasure is refused whenever it is dated', async () => {
    // Act: SES tells of an open after the erasure, of an email sent before it.
    const results = await post(scenario.engine, [
      event(scenario.engine, 'late-open', SUBJECT.id, 'email_opened', {
        journeyId: ERASURE_JOURNEY,
        runId: 'run-1',
        stepId: 'send-thank-you',
        idempotencyKey: `run-1/send-thank-you/${SUBJECT.id}`,
      }),
    ]);

    // Assess
    expect(results).toMatchObject([{ status: 'rejected', problems: [{ path: 'name' }] }]);
    expect(await itemsHolding(scenario.engine, identifying(SUBJECT))).toEqual([]);
  });

  test('a later event for the id starts a new, empty profile; the tombstone stays', async () => {
    // Act
    const results = await post(scenario.engine, [
      event(scenario.engine, 'back-again', SUBJECT.id, 'profile_updated', { member: true }),
    ]);
    const profile = await scenario.engine.deps.stores.customers.get(SUBJECT.id);

    // Assess
    expect(results.map((result) => result.status)).toEqual(['accepted']);
    expect(profile).toMatchObject({ customerId: SUBJECT.id, member: true, orderCount: 0, devices: [] });
    expect(profile?.email).toBeUndefined();
    expect(profile?.phone).toBeUndefined();
    expect(profile?.createdAt).toBe(scenario.engine.clock.now());
    expect(await scenario.engine.deps.stores.events.wholeTimeline(SUBJECT.id)).toHaveLength(1);
    expect((await scenario.engine.deps.stores.erasures.wereErased([SUBJECT.id])).has(SUBJECT.id)).toBe(true);
  });
});
