import { z } from 'zod';
import { EventDimensions, SegmentDimensions } from './dimensions-input.ts';
import { IsoDuration } from './iso-duration.ts';

/**
 * A Pinpoint journey as the API and the SDK's models (WriteJourneyRequest, JourneyResponse,
 * Activity) define it. Strict objects: a key Pinpoint does not know is an error at its line.
 * Empty objects the console leaves behind, such as `"Conditions": [{}]`, are accepted here and
 * reported by the mapping.
 */

const ActivityId = z.string().min(1, { error: 'expected an activity id' });

export const WaitTime = z.strictObject({
  WaitFor: IsoDuration.optional(),
  WaitUntil: z.iso
    .datetime({
      offset: true,
      local: true,
      error: 'expected an ISO 8601 date-time such as "2027-06-18T10:00:00Z"',
    })
    .optional(),
});
export type WaitTime = z.infer<typeof WaitTime>;

export const SimpleCondition = z.strictObject({
  EventCondition: z
    .strictObject({ Dimensions: EventDimensions.optional(), MessageActivity: z.string().optional() })
    .optional(),
  SegmentCondition: z.strictObject({ SegmentId: z.string() }).optional(),
  SegmentDimensions: SegmentDimensions.optional(),
});
export type SimpleCondition = z.infer<typeof SimpleCondition>;

const message = <Extra extends z.ZodRawShape>(config: Extra) =>
  z.strictObject({
    MessageConfig: z.strictObject(config).optional(),
    NextActivity: ActivityId.optional(),
    TemplateName: z.string().optional(),
    TemplateVersion: z.string().optional(),
  });

const ENDPOINT_TYPES = [
  'PUSH',
  'GCM',
  'APNS',
  'APNS_SANDBOX',
  'APNS_VOIP',
  'APNS_VOIP_SANDBOX',
  'ADM',
  'SMS',
  'VOICE',
  'EMAIL',
  'BAIDU',
  'CUSTOM',
  'IN_APP',
] as const;

export const Activity = z.strictObject({
  Description: z.string().optional(),
  EMAIL: message({ FromAddress: z.string().optional() }).optional(),
  SMS: message({
    MessageType: z.enum(['TRANSACTIONAL', 'PROMOTIONAL']).optional(),
    OriginationNumber: z.string().optional(),
    SenderId: z.string().optional(),
    EntityId: z.string().optional(),
    TemplateId: z.string().optional(),
  }).optional(),
  PUSH: message({ TimeToLive: z.string().optional() }).optional(),
  CUSTOM: z
    .strictObject({
      DeliveryUri: z.string().optional(),
      EndpointTypes: z.array(z.enum(ENDPOINT_TYPES)).optional(),
      MessageConfig: z.strictObject({ Data: z.string().optional() }).optional(),
      NextActivity: ActivityId.optional(),
      TemplateName: z.string().optional(),
      TemplateVersion: z.string().optional(),
    })
    .optional(),
  Wait: z.strictObject({ NextActivity: ActivityId.optional(), WaitTime: WaitTime.optional() }).optional(),
  ConditionalSplit: z
    .strictObject({
      Condition: z
        .strictObject({
          Conditions: z.array(SimpleCondition).optional(),
          Operator: z.enum(['ALL', 'ANY']).optional(),
        })
        .optional(),
      EvaluationWaitTime: WaitTime.optional(),
      FalseActivity: ActivityId.optional(),
      TrueActivity: ActivityId.optional(),
    })
    .optional(),
  MultiCondition: z
    .strictObject({
      Branches: z
        .array(z.strictObject({ Condition: SimpleCondition.optional(), NextActivity: ActivityId.optional() }))
        .optional(),
      DefaultActivity: ActivityId.optional(),
      EvaluationWaitTime: WaitTime.optional(),
    })
    .optional(),
  RandomSplit: z
    .strictObject({
      Branches: z
        .array(
          z.strictObject({
            NextActivity: ActivityId.optional(),
            Percentage: z
              .number({ error: 'expected a Percentage as a whole number from 0 to 100' })
              .int({ error: 'expected a Percentage as a whole number from 0 to 100' })
              .min(0, { error: 'expected a Percentage of 0 or more' })
              .max(100, { error: 'expected a Percentage of at most 100' })
              .optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  Holdout: z
    .strictObject({
      NextActivity: ActivityId.optional(),
      Percentage: z
        .number({ error: 'expected a Percentage as a whole number from 0 to 100' })
        .min(0, { error: 'expected a Percentage of 0 or more' })
        .max(100, { error: 'expected a Percentage of at most 100' }),
    })
    .optional(),
  ContactCenter: z.strictObject({ NextActivity: ActivityId.optional() }).optional(),
});
export type Activity = z.infer<typeof Activity>;

/** The keys that name what an activity does; exactly one of them must be set. */
export const ACTIVITY_TYPES = [
  'EMAIL',
  'SMS',
  'PUSH',
  'CUSTOM',
  'Wait',
  'ConditionalSplit',
  'MultiCondition',
  'RandomSplit',
  'Holdout',
  'ContactCenter',
] as const satisfies readonly (keyof Activity)[];
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

const OpenHoursRules = z.partialRecord(
  z.enum(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']),
  z.array(z.strictObject({ StartTime: z.string().optional(), EndTime: z.string().optional() })),
);
export const PINPOINT_CHANNELS = ['EMAIL', 'SMS', 'PUSH', 'VOICE', 'CUSTOM'] as const;
const ClosedDaysRules = z.array(
  z.strictObject({
    Name: z.string().optional(),
    StartDateTime: z.string().optional(),
    EndDateTime: z.string().optional(),
  }),
);

const SegmentCondition = z.strictObject({ SegmentId: z.string() });

/** WriteJourneyRequest and JourneyResponse together: the response adds its ids and tags. */
export const PinpointJourney = z.strictObject({
  Activities: z.record(z.string(), Activity).optional(),
  ApplicationId: z.string().optional(),
  Id: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  CreationDate: z.string().optional(),
  LastModifiedDate: z.string().optional(),
  Limits: z
    .strictObject({
      DailyCap: z.number().int().min(0).optional(),
      EndpointReentryCap: z.number().int().min(0).optional(),
      MessagesPerSecond: z.number().min(0).optional(),
      EndpointReentryInterval: IsoDuration.optional(),
      TimeframeCap: z
        .strictObject({ Cap: z.number().int().min(0).optional(), Days: z.number().int().min(0).optional() })
        .optional(),
      TotalCap: z.number().int().min(0).optional(),
    })
    .optional(),
  LocalTime: z.boolean().optional(),
  Name: z
    .string({ error: 'expected the journey Name as a string' })
    .min(1, { error: 'expected a non-empty Name' }),
  QuietTime: z.strictObject({ End: z.string().optional(), Start: z.string().optional() }).optional(),
  RefreshFrequency: IsoDuration.optional(),
  Schedule: z
    .strictObject({
      EndTime: z.string().optional(),
      StartTime: z.string().optional(),
      Timezone: z.string().optional(),
    })
    .optional(),
  StartActivity: z.string().optional(),
  StartCondition: z
    .strictObject({
      Description: z.string().optional(),
      EventStartCondition: z
        .strictObject({
          EventFilter: z
            .strictObject({ Dimensions: EventDimensions, FilterType: z.enum(['ENDPOINT', 'SYSTEM']) })
            .optional(),
          SegmentId: z.string().optional(),
        })
        .optional(),
      SegmentStartCondition: SegmentCondition.optional(),
    })
    .optional(),
  State: z.enum(['DRAFT', 'ACTIVE', 'COMPLETED', 'CANCELLED', 'CLOSED', 'PAUSED']).optional(),
  WaitForQuietTime: z.boolean().optional(),
  RefreshOnSegmentUpdate: z.boolean().optional(),
  JourneyChannelSettings: z
    .strictObject({
      ConnectCampaignArn: z.string().optional(),
      ConnectCampaignExecutionRoleArn: z.string().optional(),
    })
    .optional(),
  SendingSchedule: z.boolean().optional(),
  OpenHours: z.partialRecord(z.enum(PINPOINT_CHANNELS), OpenHoursRules).optional(),
  ClosedDays: z.partialRecord(z.enum(PINPOINT_CHANNELS), ClosedDaysRules).optional(),
  TimezoneEstimationMethods: z.array(z.enum(['PHONE_NUMBER', 'POSTAL_CODE'])).optional(),
});
export type PinpointJourney = z.infer<typeof PinpointJourney>;
