import { z } from 'zod';
import { LocalTime } from './primitives.ts';

const wholeCount = (what: string, max: number) =>
  z
    .number({ error: `expected ${what} as a whole number such as 3` })
    .int({ error: `expected ${what} as a whole number such as 3` })
    .min(1, { error: `expected ${what} of at least 1` })
    .max(max, { error: `expected ${what} of at most ${max}` });

export const MessagesWithin = z
  .strictObject({
    count: wholeCount('a number of messages', 1_000).describe('The most messages in the timeframe.'),
    days: wholeCount('a number of days', 30).describe(
      "The timeframe in calendar days of the customer's time zone, today included; at most 30.",
    ),
  })
  .describe('At most `count` messages of this journey to one customer in any `days` consecutive days.');
export type MessagesWithin = z.infer<typeof MessagesWithin>;

export const JourneyLimits = z
  .strictObject({
    messages_per_day: wholeCount('a number of messages', 1_000)
      .optional()
      .describe(
        'At most this many messages of this journey to one customer per calendar day in their time zone, beside the frequency cap that counts every journey (per UTC day). The rest count as capped.',
      ),
    messages_within: MessagesWithin.optional(),
    messages_total: wholeCount('a number of messages', 1_000)
      .optional()
      .describe('At most this many messages of this journey to one customer, ever, across its runs.'),
    send_rate: z
      .number({ error: 'expected a rate in messages per second, such as 50' })
      .positive({ error: 'expected a rate above 0 messages per second' })
      .max(100_000, { error: 'expected a rate of at most 100000 messages per second' })
      .optional()
      .describe(
        "At most this many messages a second from this journey, all channels and runs together, on top of each channel's own rate. Messages past a shard's wait are deferred to their slot.",
      ),
  })
  .describe('Limits on what one journey sends: per customer, and its rate.');
export type JourneyLimits = z.infer<typeof JourneyLimits>;

export const QuietHours = z
  .strictObject({
    start: LocalTime.describe('When quiet hours begin, "HH:MM" in the customer\'s time zone.'),
    end: LocalTime.describe(
      'When they end, "HH:MM" in the customer\'s time zone; before start means the next day.',
    ),
  })
  .refine((window) => window.start !== window.end, {
    error: 'expected quiet hours with different start and end times',
  })
  .describe(
    "Quiet hours for this journey's messages in the customer's time zone, instead of the deployment's: a message due in them waits for their end.",
  );
export type QuietHours = z.infer<typeof QuietHours>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Weekday = z.enum(WEEKDAYS, { error: 'expected a weekday: mon, tue, wed, thu, fri, sat or sun' });
export type Weekday = z.infer<typeof Weekday>;

export const OpeningWindow = z
  .strictObject({
    days: z
      .array(Weekday)
      .min(1, { error: 'expected at least one weekday' })
      .describe('The weekdays this window is open, e.g. [mon, tue, wed, thu, fri].'),
    start: LocalTime.describe('Opens at, "HH:MM" in the customer\'s time zone.'),
    end: LocalTime.describe('Closes at, "HH:MM", after start on the same day.'),
  })
  .refine((window) => window.start < window.end, {
    error: 'expected an opening window whose end is after its start on the same day',
    path: ['end'],
  })
  .describe('One weekly window in which messages of a channel may go out.');
export type OpeningWindow = z.infer<typeof OpeningWindow>;

const windows = (channel: string) =>
  z
    .array(OpeningWindow)
    .min(1, { error: `expected at least one opening window for ${channel}` })
    .optional()
    .describe(`When ${channel} messages may go out; outside these windows they wait for the next opening.`);

export const OpeningHours = z
  .strictObject({
    email: windows('email'),
    sms: windows('SMS'),
    push: windows('push'),
    in_app: windows('in-app'),
    webhook: windows('webhook'),
  })
  .describe(
    "Opening hours per channel, in the customer's time zone: a message outside its channel's windows waits for the next opening. A channel not named is always open.",
  );
export type OpeningHours = z.infer<typeof OpeningHours>;
