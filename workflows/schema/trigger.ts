import { z } from 'zod';
import { Condition, PropertyCondition } from './condition.ts';
import { Duration, discriminatorError, EventName, Id } from './primitives.ts';
import { Moment } from './time.ts';

export const PastRunAudience = z
  .strictObject({
    journey: Id.describe('The journey whose run the audience comes from.'),
    run: z
      .string()
      .min(1, { error: 'expected "latest" or a run id' })
      .default('latest')
      .describe('Which run of that journey: "latest", or a run id. @default "latest"'),
    reached: z
      .boolean()
      .default(true)
      .describe('Only customers who received at least one message in that run. @default true'),
    without_event: EventName.optional().describe(
      'Only customers who did not do this event since they were reached, e.g. "purchase".',
    ),
  })
  .describe('Customers of a past journey run, e.g. reached by preheat-618 and did not purchase since.');
export type PastRunAudience = z.infer<typeof PastRunAudience>;

export const Audience = z
  .strictObject({
    segment: Condition.optional().describe('A segment expression over profile attributes and tiers.'),
    from_run: PastRunAudience.optional(),
  })
  .refine((audience) => audience.segment !== undefined || audience.from_run !== undefined, {
    error: 'expected "segment", "from_run" or both in the audience',
  })
  .describe('Who a scheduled journey runs on. With both fields, customers must match both.');
export type Audience = z.infer<typeof Audience>;

export const DEFAULT_COHORT_WINDOW = '1m';

export const EventTrigger = z
  .strictObject({
    kind: z.literal('event'),
    event: EventName.describe('The event that enrolls a customer.'),
    filter: z
      .array(PropertyCondition)
      .optional()
      .describe('Conditions on the event properties; all must hold. @default none: every such event enrolls'),
    cohort_window: Duration.optional().describe(
      'How long entries gather before they start together as one cohort, in windows aligned to midnight UTC. ' +
        'Each cohort pays its state transitions and shard calls once, so a longer window costs less; ' +
        'the first step starts up to one window after the entry. Whole minutes that divide a day: ' +
        `"1m", "5m", "15m", "1h", "6h", "1d". @default "${DEFAULT_COHORT_WINDOW}"`,
    ),
  })
  .describe('Enrolls customers when they do an event. Entries of the same cohort window form one cohort.');
export type EventTrigger = z.infer<typeof EventTrigger>;

export function cohortWindow(trigger: EventTrigger): string {
  return trigger.cohort_window ?? DEFAULT_COHORT_WINDOW;
}

export const AudienceRefresh = z
  .strictObject({
    every: Duration.describe(
      'How often the audience is taken again, e.g. "1d": each refresh is a run that snapshots the audience, and the re-entry rules decide who of it enters. At least "1h".',
    ),
    until: Moment.optional().describe(
      'The last moment a refresh may start; a refresh due exactly then runs. At least `at` plus `every`. @default none: the journey refreshes until it is removed',
    ),
  })
  .describe(
    'Takes the audience again on a schedule after the start, so that customers who joined the segment since enter too.',
  );
export type AudienceRefresh = z.infer<typeof AudienceRefresh>;

export const ScheduleTrigger = z
  .strictObject({
    kind: z.literal('schedule'),
    at: Moment.optional().describe('Starts the journey once at this moment.'),
    cron: z
      .string()
      .optional()
      .describe('Starts the journey on an EventBridge Scheduler cron, e.g. "0 10 ? * MON *" (six fields).'),
    timezone: z.string().describe('IANA time zone of the schedule, e.g. "Asia/Shanghai".'),
    audience: Audience,
    refresh: AudienceRefresh.optional(),
  })
  .superRefine((trigger, ctx) => {
    if ((trigger.at === undefined) === (trigger.cron === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'expected exactly one of "at" or "cron" on a schedule trigger',
      });
    }
    if (trigger.refresh !== undefined && trigger.cron !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['refresh'],
        message: 'a cron already runs the journey again on its audience; expected "refresh" only with "at"',
      });
    }
  })
  .describe('Starts the journey on a schedule, on an audience snapshot taken at that moment.');
export type ScheduleTrigger = z.infer<typeof ScheduleTrigger>;

export const Trigger = z.discriminatedUnion('kind', [EventTrigger, ScheduleTrigger], {
  error: discriminatorError('expected trigger.kind to be "event" or "schedule"'),
});
export type Trigger = z.infer<typeof Trigger>;
