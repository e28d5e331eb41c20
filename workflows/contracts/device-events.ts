import { z } from 'zod';

/** The push services a device token belongs to: Apple's (APNs) and Google's (FCM). */
export const PushPlatform = z
  .enum(['apns', 'fcm'], { error: 'expected platform "apns" (iOS) or "fcm" (Android)' })
  .describe('The push service the token belongs to.');
export type PushPlatform = z.infer<typeof PushPlatform>;

/** A device token as the app's push SDK gives it; it identifies the device, so it is never logged. */
export const DeviceToken = z
  .string({ error: 'expected the device token as a string' })
  .min(8, { error: 'expected a device token of at least 8 characters' })
  .max(4096, { error: 'expected a device token of at most 4096 characters' })
  .regex(/^[\w:.-]+$/, { error: 'expected a device token of letters, digits and _ : . -' });

/** A customer's device on the profile; `endpointArn` is its SNS platform endpoint, once AWS has made it. */
export const Device = z.strictObject({
  platform: PushPlatform,
  token: DeviceToken,
  endpointArn: z.string().min(20).max(1600).optional(),
  registeredAt: z.number(),
});
export type Device = z.infer<typeof Device>;

/**
 * Why a device leaves the profile: the app signed out (the default; its endpoint is deleted), SNS
 * reported the endpoint disabled (deleted only while it still is), or its token signed in as
 * another customer (the endpoint is theirs now, and kept).
 */
export const UnregisterReason = z
  .enum(['sign_out', 'endpoint_disabled', 'token_moved'], {
    error: 'expected reason "sign_out", "endpoint_disabled" or "token_moved"',
  })
  .describe('Why the device leaves the profile; sign_out unless said.');
export type UnregisterReason = z.infer<typeof UnregisterReason>;

/** At most this many devices per customer: the newest registrations are kept. */
export const MAX_DEVICES = 10;

/** The device events' schemas over the customer events' shared fields, for the `CustomerEvent` union. */
export function deviceEventSchemas<Base extends z.ZodRawShape>(base: Base) {
  return [
    z.strictObject({
      ...base,
      name: z.literal('device_registered'),
      properties: z.strictObject({ platform: PushPlatform, token: DeviceToken }),
    }),
    z.strictObject({
      ...base,
      name: z.literal('device_unregistered'),
      properties: z.strictObject({ token: DeviceToken, reason: UnregisterReason.optional() }),
    }),
  ] as const;
}

export const DEVICE_EVENTS = ['device_registered', 'device_unregistered'] as const;
