import { z } from 'zod';
import { PushPlatform } from '../../workflows/contracts/device-events.ts';
import { Channel } from '../../workflows/schema/index.ts';
import { CustomerIdParam } from '../inbox/inbox-schemas.ts';

/** DELETE /customers/{id} and GET /customers/{id}/export: the id is the one thing a request carries. */
export const CustomerRightsPath = z.strictObject({ path: z.strictObject({ id: CustomerIdParam }) });

const Iso = z.iso.datetime();

/** How many records of each kind an erasure removed (or, for send records and run grants, renamed). */
export const ErasureCounts = z
  .strictObject({
    profile: z.number().int().describe('The profile item: 1, or 0 when there was none.'),
    timelineEvents: z.number().int(),
    partitionItems: z
      .number()
      .int()
      .describe("The items of the customer's own partition: enrollments, run memberships, send days."),
    entries: z.number().int().describe('Entries still in an entry buffer.'),
    cohortPlaces: z.number().int().describe('Cohort shards that held the customer.'),
    signals: z.number().int(),
    sendRecords: z.number().int().describe('Send log records, kept under a pseudonym for the counts.'),
    grants: z.number().int().describe('Once-ever grants deleted, and grants in runs kept under a pseudonym.'),
    holdoutPassages: z.number().int().describe('Passages of holdout steps that named the customer.'),
    deferredSends: z.number().int(),
    inboxItems: z.number().int(),
    devices: z.number().int().describe('Push devices whose SNS endpoints were deleted (or had none).'),
    phoneIndexEntries: z.number().int(),
    outboxMessages: z.number().int(),
    pushMessages: z.number().int().describe('Pushes kept by SNS message id for their delivery status.'),
  })
  .describe('Counts only: no id, address or number.');
export type ErasureCounts = z.infer<typeof ErasureCounts>;

export const ErasureAnswer = z
  .strictObject({
    erased: z.literal(true),
    erasedAt: Iso.describe('When the erasure that removed these records ran.'),
    removed: ErasureCounts,
  })
  .describe('The answer to DELETE /customers/{id}; the same for every repeat until new data arrives.');
export type ErasureAnswer = z.infer<typeof ErasureAnswer>;

const Profile = z.strictObject({
  timezone: z.string(),
  email: z.string().optional(),
  phone: z.string().optional(),
  member: z.boolean(),
  tier: z.string().optional(),
  orderCount: z.number(),
  recentOrderCount: z.number(),
  firstPurchaseAt: Iso.optional(),
  lastActiveAt: Iso.optional(),
  totalSpend: z.number(),
  tags: z.array(z.string()),
  attributes: z.record(z.string(), z.unknown()),
  createdAt: Iso,
});

/** GET /customers/{id}/export; docs/data-in.md documents each field (a test holds the two together). */
export const CustomerExport = z.strictObject({
  customerId: z.string(),
  exportedAt: Iso,
  profile: Profile.nullable(),
  consent: z
    .strictObject({ channels: z.partialRecord(Channel, z.boolean()), unsubscribed: z.boolean() })
    .nullable(),
  suppressions: z.array(z.strictObject({ channel: Channel, reason: z.string(), at: Iso })),
  devices: z.array(
    z.strictObject({
      platform: PushPlatform,
      token: z.string(),
      registeredAt: Iso,
      endpointArn: z.string().optional(),
    }),
  ),
  timeline: z.array(
    z.strictObject({
      eventId: z.string(),
      name: z.string(),
      at: Iso,
      properties: z.record(z.string(), z.unknown()),
    }),
  ),
  lastEntries: z.array(
    z.strictObject({ journeyId: z.string(), at: Iso, eventId: z.string(), window: z.string().optional() }),
  ),
  entries: z.array(z.strictObject({ journeyId: z.string(), window: z.string(), enteredAt: Iso })),
  enrollments: z.array(
    z.strictObject({
      journeyId: z.string(),
      lastEnteredAt: Iso,
      entries: z.number().int(),
      lastRunId: z.string().optional(),
    }),
  ),
  memberships: z.array(
    z.strictObject({
      journeyId: z.string(),
      runId: z.string(),
      group: z.enum(['treated', 'holdout']),
      enteredAt: Iso,
      attributeUntil: Iso,
    }),
  ),
  attribution: z.array(
    z.strictObject({
      journeyId: z.string(),
      runId: z.string(),
      addedToCartAt: Iso.optional(),
      orderedAt: Iso.optional(),
      until: Iso,
    }),
  ),
  sends: z.array(
    z.strictObject({
      journeyId: z.string(),
      runId: z.string(),
      stepId: z.string(),
      channel: Channel,
      template: z.string(),
      offer: z.string().optional(),
      outcome: z.string(),
      at: Iso,
      idempotencyKey: z.string(),
    }),
  ),
  dailySends: z.array(z.strictObject({ day: z.string(), messages: z.number().int() })),
  deferredSends: z.array(
    z.strictObject({
      journeyId: z.string().optional(),
      runId: z.string().optional(),
      stepId: z.string().optional(),
      dueAt: Iso,
    }),
  ),
  grants: z.array(
    z.strictObject({
      once: z.boolean(),
      offerId: z.string().optional(),
      runId: z.string(),
      stepId: z.string(),
      grantedAt: Iso,
    }),
  ),
  holdoutSteps: z.array(
    z.strictObject({
      runId: z.string(),
      stepId: z.string(),
      group: z.enum(['treated', 'holdout']),
      passedAt: Iso,
    }),
  ),
  inbox: z.array(
    z.strictObject({
      journeyId: z.string(),
      runId: z.string(),
      stepId: z.string(),
      subject: z.string().optional(),
      body: z.string(),
      offer: z.string().optional(),
      sentAt: Iso,
      expiresAt: Iso,
      readAt: Iso.optional(),
    }),
  ),
  messages: z.array(
    z.strictObject({
      idempotencyKey: z.string(),
      channel: Channel,
      journeyId: z.string(),
      stepId: z.string(),
      to: z.string().optional(),
      subject: z.string().optional(),
      body: z.string(),
      at: Iso,
    }),
  ),
  pushMessages: z.array(
    z.strictObject({
      messageId: z.string(),
      journeyId: z.string(),
      runId: z.string(),
      stepId: z.string(),
      platform: z.enum(['APNS', 'APNS_SANDBOX', 'GCM']),
      publishedAt: Iso,
    }),
  ),
  erasure: z.strictObject({ erasedAt: Iso }).nullable(),
});
export type CustomerExport = z.infer<typeof CustomerExport>;
