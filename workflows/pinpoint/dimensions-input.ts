import { z } from 'zod';

/**
 * The dimensions Pinpoint conditions and segments are made of, as the SDK's models define them
 * (AttributeDimension, SetDimension, MetricDimension, SegmentDimensions). Every object is strict:
 * a misspelt key is reported where it is written instead of being silently ignored.
 */

export const ATTRIBUTE_TYPES = [
  'INCLUSIVE',
  'EXCLUSIVE',
  'CONTAINS',
  'BEFORE',
  'AFTER',
  'BETWEEN',
  'ON',
] as const;

export const AttributeDimension = z.strictObject({
  AttributeType: z.enum(ATTRIBUTE_TYPES).optional(),
  Values: z.array(z.string()),
});
export type AttributeDimension = z.infer<typeof AttributeDimension>;

export const SetDimension = z.strictObject({
  DimensionType: z.enum(['INCLUSIVE', 'EXCLUSIVE']).optional(),
  Values: z.array(z.string()),
});
export type SetDimension = z.infer<typeof SetDimension>;

export const METRIC_OPERATORS = [
  'GREATER_THAN',
  'LESS_THAN',
  'GREATER_THAN_OR_EQUAL',
  'LESS_THAN_OR_EQUAL',
  'EQUAL',
] as const;

export const MetricDimension = z.strictObject({
  ComparisonOperator: z.enum(METRIC_OPERATORS, {
    error: `expected a ComparisonOperator: ${METRIC_OPERATORS.join(', ')}`,
  }),
  Value: z.number({ error: 'expected the metric Value as a number' }),
});
export type MetricDimension = z.infer<typeof MetricDimension>;

export const EventDimensions = z.strictObject({
  Attributes: z.record(z.string(), AttributeDimension).optional(),
  EventType: SetDimension.optional(),
  Metrics: z.record(z.string(), MetricDimension).optional(),
});
export type EventDimensions = z.infer<typeof EventDimensions>;

const RecencyDimension = z.strictObject({
  Duration: z.enum(['HR_24', 'DAY_7', 'DAY_14', 'DAY_30']),
  RecencyType: z.enum(['ACTIVE', 'INACTIVE']),
});

export const SegmentDimensions = z.strictObject({
  Attributes: z.record(z.string(), AttributeDimension).optional(),
  Behavior: z.strictObject({ Recency: RecencyDimension.optional() }).optional(),
  Demographic: z
    .strictObject({
      AppVersion: SetDimension.optional(),
      Channel: SetDimension.optional(),
      DeviceType: SetDimension.optional(),
      Make: SetDimension.optional(),
      Model: SetDimension.optional(),
      Platform: SetDimension.optional(),
    })
    .optional(),
  Location: z
    .strictObject({
      Country: SetDimension.optional(),
      GPSPoint: z
        .strictObject({
          Coordinates: z.strictObject({ Latitude: z.number(), Longitude: z.number() }),
          RangeInKilometers: z.number().optional(),
        })
        .optional(),
    })
    .optional(),
  Metrics: z.record(z.string(), MetricDimension).optional(),
  UserAttributes: z.record(z.string(), AttributeDimension).optional(),
});
export type SegmentDimensions = z.infer<typeof SegmentDimensions>;
