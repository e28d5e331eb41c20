import type { CustomerHoldings } from '../../functions/customer-rights/holdings.ts';
import { CustomerProfile } from '../../workflows/contracts/customer.ts';

const AT = Date.parse('2027-06-11T00:33:00Z');
const RUN = 'trail-202706110030';
const place = { journeyId: 'trail', runId: RUN, cohortId: RUN, shard: 0 };

/** Holdings of one customer as the stores would give them: one record of every kind, or none. */
export function holdingsOf(
  customerId: string,
  kinds: 'every kind' | 'nothing' = 'every kind',
): CustomerHoldings {
  const none: CustomerHoldings = {
    customerId,
    profile: undefined,
    timeline: [],
    journeys: { enrollments: [], memberships: [] },
    runs: [],
    sendDays: [],
    entries: [],
    cohortPlaces: [],
    signals: [],
    sends: [],
    grants: [],
    passages: [],
    deferrals: [],
    inbox: { messages: [], sortKeys: [] },
    indexedPhones: [],
    outbox: [],
    pushMessages: [],
    tombstone: undefined,
    partitionSortKeys: [],
  };
  if (kinds === 'nothing') return none;
  const profile = CustomerProfile.parse({
    customerId,
    createdAt: AT,
    email: `${customerId}@example.com`,
    phone: '+15555550177',
    consent: { email: true, push: true },
    suppressed: { sms: { reason: 'hard_bounce', at: AT } },
    devices: [
      {
        platform: 'fcm',
        token: `fcm-token-${customerId}`,
        registeredAt: AT,
        endpointArn: 'arn:aws:sns:r:1:endpoint/GCM/a/1',
      },
      { platform: 'apns', token: `apns-token-${customerId}`, registeredAt: AT },
    ],
  });
  const membership = { ...place, customerId, enteredAt: AT, group: 'treated' as const, attributeUntil: AT };
  const send = (stepId: string, shard = 0) => ({
    ...place,
    shard,
    stepId,
    channel: 'email' as const,
    template: 't',
    idempotencyKey: `${RUN}/${stepId}/${customerId}`,
    outcome: 'sent' as const,
    at: AT,
  });
  return {
    ...none,
    profile: {
      ...profile,
      pk: customerId,
      version: 3,
      entered: { trail: { at: AT, eventId: 'e1', minute: '2027-06-11T00:30' } },
      marks: {},
      seen: {},
    },
    timeline: [{ eventId: 'e1', customerId, name: 'signup', at: AT, properties: { phone: '+15555550177' } }],
    journeys: { enrollments: [], memberships: [membership] },
    runs: [
      {
        membership,
        sendSteps: ['email-1', 'email-2'],
        grantSteps: ['gift'],
        holdoutSteps: ['hold'],
        cohorts: [RUN],
      },
    ],
    sendDays: [{ day: '2027-06-11', keys: [`${RUN}/email-1/${customerId}`] }],
    entries: [{ journeyId: 'trail', minute: '2027-06-11T00:30', customerId, enteredAt: AT }],
    cohortPlaces: [{ cohortId: RUN, shard: 0 }],
    signals: [{ runId: RUN, shard: 0, event: 'purchase', at: AT, customerId, properties: {} }],
    // The same step's record read twice (two cohorts' reads of one item) is one place to rename.
    sends: [send('email-1'), send('email-2'), send('email-2')],
    grants: [
      { kind: 'once', offerId: 'gift-offer', runId: RUN, stepId: 'gift', grantedAt: AT },
      { kind: 'run', runId: RUN, stepId: 'gift', shard: 0, grantedAt: AT },
    ],
    passages: [{ runId: RUN, stepId: 'hold', shard: 0, cohortId: RUN, group: 'treated', passedAt: AT }],
    deferrals: [{ place: { hour: '2027-06-11T12', bucket: 3 }, id: `${RUN}/email-2/${RUN}/0`, dueAt: AT }],
    inbox: { messages: [], sortKeys: ['key#r/s', 'msg#2027-06-11T00:33:00.000Z#r/s'] },
    indexedPhones: ['+15555550177'],
    outbox: [
      {
        idempotencyKey: `${RUN}/email-1/${customerId}`,
        channel: 'email',
        customerId,
        journeyId: 'trail',
        runId: RUN,
        stepId: 'email-1',
        template: 't',
        to: `${customerId}@example.com`,
        body: 'Hello',
        at: AT,
      },
    ],
    pushMessages: [
      {
        messageId: 'b1f4c0de-0000-5000-8000-000000000001',
        customerId,
        idempotencyKey: `${RUN}/push-1/${customerId}`,
        journeyId: 'trail',
        runId: RUN,
        stepId: 'push-1',
        platform: 'GCM',
        publishedAt: AT,
      },
    ],
    partitionSortKeys: [
      `run#trail#${RUN}`,
      `trail#trail#${RUN}`,
      'sends#2027-06-11',
      'sns-message#b1f4c0de-0000-5000-8000-000000000001',
    ],
  };
}
