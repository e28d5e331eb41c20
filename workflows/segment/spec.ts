import { z } from 'zod';

/**
 * The Segment Spec's calls as Journeys reads them: the common fields and those of track and
 * identify (https://segment.com/docs/connections/spec/common/). Every other field a library
 * sends (integrations, _metadata, …) is let through and left alone.
 */

const Json = z.record(z.string(), z.unknown(), { error: 'expected an object (a mapping of fields)' });

/**
 * A call's own data (properties, traits): a "__proto__" key is refused by name, as the events API
 * refuses it, where a record would drop it without a word.
 */
const CallData = z
  .unknown()
  .check((ctx) => {
    const value = ctx.value;
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, '__proto__')) return;
    ctx.issues.push({
      code: 'custom',
      path: ['__proto__'],
      message: 'the name "__proto__" is not allowed: it is reserved; expected another name',
      input: value,
    });
  })
  .pipe(Json);

/** A user id as libraries send it: a string, or a number some send for numeric ids. */
const UserId = z.union([z.string(), z.number()], { error: 'expected the user id as a string' });

const common = {
  messageId: z
    .string({ error: 'expected the message id as a string' })
    .optional()
    .describe('Unique per message: Journeys takes it as the event id, so a retried call is a duplicate.'),
  userId: UserId.optional().describe('The customer id.'),
  anonymousId: UserId.optional().describe('A visitor not yet identified; not a customer.'),
  timestamp: z.string({ error: 'expected an ISO 8601 time' }).optional(),
  originalTimestamp: z.string({ error: 'expected an ISO 8601 time' }).optional(),
  sentAt: z.string({ error: 'expected an ISO 8601 time' }).optional(),
  receivedAt: z
    .string({ error: 'expected an ISO 8601 time' })
    .optional()
    .describe(
      "Set by Segment's servers: a call that carries it (from an EventBridge destination) has its timestamp corrected already.",
    ),
  context: Json.optional(),
};

export const TrackCall = z.looseObject({
  ...common,
  type: z.literal('track'),
  event: z
    .string({ error: 'expected the event name as a string, such as "Product Added"' })
    .min(1, { error: 'expected a non-empty event name, such as "Product Added"' }),
  properties: CallData.optional(),
});
export type TrackCall = z.infer<typeof TrackCall>;

export const IdentifyCall = z.looseObject({
  ...common,
  type: z.literal('identify'),
  traits: CallData.optional(),
});
export type IdentifyCall = z.infer<typeof IdentifyCall>;

/** The types Journeys takes; page, screen, group and alias calls are refused per message. */
export const SegmentCall = z.discriminatedUnion('type', [TrackCall, IdentifyCall], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? 'expected type "track" or "identify": Journeys takes no page, screen, group or alias calls'
      : undefined,
});
export type SegmentCall = z.infer<typeof SegmentCall>;

/** POST /v1/batch: messages of any type, with fields every message of the batch shares. */
export const SegmentBatch = z.looseObject({
  batch: z
    .array(z.unknown(), { error: 'expected "batch": a list of messages' })
    .min(1, { error: 'expected at least one message in "batch"' }),
  sentAt: z.string().optional(),
  context: Json.optional(),
});
export type SegmentBatch = z.infer<typeof SegmentBatch>;

/** Segment's limits: 32 KB a message, 500 KB a batch (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/). */
export const SEGMENT_LIMITS = { messageBytes: 32 * 1024, batchBytes: 500 * 1024 } as const;
