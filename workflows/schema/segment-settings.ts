import { z } from 'zod';
import { EventName } from './primitives.ts';

/** The e-commerce spec's events that have a mapping of their properties onto a known event. */
export const SEGMENT_MAPPED_EVENTS = ['add_to_cart', 'purchase', 'signup'] as const;

/** Segment's own names for them, mapped unless the workspace says otherwise. */
export const DEFAULT_SEGMENT_TRACKS: Readonly<Record<string, string>> = {
  'Product Added': 'add_to_cart',
  'Order Completed': 'purchase',
  'Signed Up': 'signup',
};

/** Segment's reserved traits for a name, renamed to the attributes templates show (customer.first_name). */
export const DEFAULT_SEGMENT_TRAITS: Readonly<Record<string, string>> = {
  firstName: 'first_name',
  lastName: 'last_name',
};

const SegmentEventName = z
  .string()
  .min(1, { error: 'expected a Segment event name such as "Product Added"' })
  .max(200, { error: 'expected a Segment event name of at most 200 characters' });

const AttributeKey = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, {
    error: 'expected an attribute name of letters, digits and _ (at most 64), such as "first_name"',
  })
  .refine((name) => !['__proto__', 'constructor', 'prototype'].includes(name), {
    error: 'expected another name: __proto__, constructor and prototype are reserved',
  });

export const SegmentSettings = z
  .strictObject({
    tracks: z
      .record(
        SegmentEventName,
        EventName.max(64, {
          error: 'expected an event name of at most 64 characters, as the events API takes',
        }),
      )
      .default({})
      .describe(
        'Segment track events by name, mapped to an event of Journeys, on top of the defaults ' +
          '"Product Added": add_to_cart, "Order Completed": purchase and "Signed Up": signup. A name mapped to ' +
          'add_to_cart, purchase or signup takes that mapping of its properties; any other target is a custom event ' +
          'carrying the properties as they are. @default the three defaults',
      ),
    other_tracks: z
      .enum(['custom', 'reject'], { error: 'expected "custom" or "reject"' })
      .default('custom')
      .describe(
        'What a track event not listed becomes: "custom", a custom event named in snake_case ' +
          '("Video Played" becomes video_played), or "reject", refused with its reason. @default "custom"',
      ),
    traits: z
      .record(z.string().min(1).max(128), AttributeKey)
      .default({})
      .describe(
        'identify traits renamed to profile attributes, on top of firstName: first_name and lastName: last_name. ' +
          'email, phone and timezone set the profile fields; other traits with a string, number or boolean value ' +
          'are attributes under their own names. @default the two defaults',
      ),
    phone_region: z
      .string()
      .regex(/^[A-Z]{2}$/, { error: 'expected a two-letter region code such as "CN" or "US"' })
      .optional()
      .describe(
        'Where a phone trait without a country code is read, e.g. "CN". @default none: such a number is refused',
      ),
  })
  .describe(
    'How Segment calls (POST /v1/batch, /v1/track, /v1/identify, with the write key) become events of Journeys.',
  );
export type SegmentSettings = z.infer<typeof SegmentSettings>;
export type SegmentSettingsInput = z.input<typeof SegmentSettings>;
