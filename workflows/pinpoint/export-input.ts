import { z } from 'zod';
import { SegmentDimensions } from './dimensions-input.ts';

/**
 * What `aws pinpoint get-segment` and the get-*-template commands print (GetSegmentResponse,
 * GetEmailTemplateResponse, GetSmsTemplateResponse, GetPushTemplateResponse), envelope and all.
 * Loose objects: these are read for a few fields, and a newer export's extra fields do no harm.
 */

export const PinpointSegment = z.looseObject({
  Id: z.string(),
  Name: z.string().optional(),
  SegmentType: z.enum(['DIMENSIONAL', 'IMPORT']).optional(),
  Dimensions: SegmentDimensions.optional(),
  SegmentGroups: z
    .looseObject({
      Include: z.enum(['ALL', 'ANY', 'NONE']).optional(),
      Groups: z
        .array(
          z.looseObject({
            Dimensions: z.array(SegmentDimensions).optional(),
            SourceSegments: z
              .array(z.looseObject({ Id: z.string(), Version: z.number().optional() }))
              .optional(),
            SourceType: z.enum(['ALL', 'ANY', 'NONE']).optional(),
            Type: z.enum(['ALL', 'ANY', 'NONE']).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});
export type PinpointSegment = z.infer<typeof PinpointSegment>;

/** One segment, a list of them, or `get-segments`' page, each bare or in its envelope. */
export const SegmentExport = z.union([
  z.looseObject({ SegmentResponse: PinpointSegment }).transform((value) => [value.SegmentResponse]),
  z
    .looseObject({ SegmentsResponse: z.looseObject({ Item: z.array(PinpointSegment) }) })
    .transform((value) => value.SegmentsResponse.Item),
  z.array(
    z.union([
      z.looseObject({ SegmentResponse: PinpointSegment }).transform((v) => v.SegmentResponse),
      PinpointSegment,
    ]),
  ),
  PinpointSegment.transform((segment) => [segment]),
]);

const PushParts = z.looseObject({
  Title: z.string().optional(),
  Body: z.string().optional(),
  Url: z.string().optional(),
  Action: z.string().optional(),
});

export const PinpointTemplate = z.union(
  [
    z
      .looseObject({
        EmailTemplateResponse: z.looseObject({
          TemplateName: z.string(),
          Version: z.string().optional(),
          Subject: z.string().optional(),
          HtmlPart: z.string().optional(),
          TextPart: z.string().optional(),
          DefaultSubstitutions: z.string().optional(),
        }),
      })
      .transform(({ EmailTemplateResponse: t }) => ({ kind: 'email' as const, ...t })),
    z
      .looseObject({
        SMSTemplateResponse: z.looseObject({
          TemplateName: z.string(),
          Version: z.string().optional(),
          Body: z.string().optional(),
          DefaultSubstitutions: z.string().optional(),
        }),
      })
      .transform(({ SMSTemplateResponse: t }) => ({ kind: 'sms' as const, ...t })),
    z
      .looseObject({
        PushNotificationTemplateResponse: z.looseObject({
          TemplateName: z.string(),
          Version: z.string().optional(),
          Default: PushParts.optional(),
          GCM: PushParts.optional(),
          APNS: PushParts.optional(),
          ADM: PushParts.optional(),
          Baidu: PushParts.optional(),
          DefaultSubstitutions: z.string().optional(),
        }),
      })
      .transform(({ PushNotificationTemplateResponse: t }) => ({ kind: 'push' as const, ...t })),
  ],
  {
    error:
      'expected the output of get-email-template, get-sms-template or get-push-template: an object with EmailTemplateResponse, SMSTemplateResponse or PushNotificationTemplateResponse',
  },
);
export type PinpointTemplate = z.infer<typeof PinpointTemplate>;
