import { z } from 'zod';
import { DateTimeText, LocalTime, SignedDuration } from './primitives.ts';

export const CampaignDateRef = z
  .strictObject({
    date: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, {
        error: 'expected the name of a date in campaign.dates, such as "sale_start"',
      })
      .describe('The name of a date in campaign.dates.'),
    offset: SignedDuration.optional().describe('Added to the date, e.g. "-1d". @default "0d"'),
    time: LocalTime.optional().describe(
      'Sets the wall-clock time after the offset, in the campaign time zone.',
    ),
  })
  .describe('A moment relative to a campaign date, e.g. { date: sale_start, offset: -1d, time: "20:00" }.');
export type CampaignDateRef = z.infer<typeof CampaignDateRef>;

export const Moment = z
  .union([DateTimeText, CampaignDateRef], {
    error: 'expected an ISO date-time string, or { date, offset, time } relative to a campaign date',
  })
  .describe('An absolute date-time, or one relative to a campaign date.');
export type Moment = z.infer<typeof Moment>;

export const Campaign = z
  .strictObject({
    timezone: z.string().describe('IANA time zone in which campaign dates and times are read.'),
    dates: z
      .record(
        z
          .string()
          .regex(/^[a-z][a-z0-9_]*$/, { error: 'expected a snake_case date name such as "sale_start"' }),
        DateTimeText,
      )
      .describe('Named campaign dates, e.g. sale_start: "2027-06-18T00:00".'),
  })
  .describe('The campaign calendar that time expressions refer to.');
export type Campaign = z.infer<typeof Campaign>;
