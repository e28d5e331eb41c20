import { z } from 'zod';
import {
  ApnsKeyId,
  AppleBundleId,
  AppleTeamId,
  CredentialsSecretArn,
} from '../functions/push-applications/properties.ts';
import type { PushSettings } from './constructs/channel-delivery.ts';

/** The context keys of push, read with `-c key=value` (docs/channels.md, "Push"). */
export const PUSH_CONTEXT_KEYS = [
  'pushApnsApplicationArn',
  'pushFcmApplicationArn',
  'pushApnsCredentialsSecretArn',
  'pushApnsKeyId',
  'pushApnsTeamId',
  'pushApnsBundleId',
  'pushApnsEnvironment',
  'pushFcmCredentialsSecretArn',
  'pushCredentialsRevision',
] as const;

const APNS_SETTINGS = ['pushApnsKeyId', 'pushApnsTeamId', 'pushApnsBundleId'] as const;

/**
 * Push's applications: given by ARN (made by hand, used as they are) or made by the stack from
 * credentials in Secrets Manager, one way per platform. The secrets hold the key files as they
 * are downloaded; the APNs key's id, team and bundle are not secret and stay in the context.
 */
export const PushContext = z
  .object({
    pushApnsApplicationArn: z
      .string()
      .regex(/^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:app\/(APNS|APNS_SANDBOX)\/[\w.-]+$/, {
        error:
          'expected the ARN of an SNS APNs platform application, such as "arn:aws:sns:us-east-1:111122223333:app/APNS/shop"',
      })
      .optional(),
    pushFcmApplicationArn: z
      .string()
      .regex(/^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:app\/GCM\/[\w.-]+$/, {
        error:
          'expected the ARN of an SNS FCM platform application, such as "arn:aws:sns:us-east-1:111122223333:app/GCM/shop"',
      })
      .optional(),
    pushApnsCredentialsSecretArn: CredentialsSecretArn.optional(),
    pushApnsKeyId: ApnsKeyId.optional(),
    pushApnsTeamId: AppleTeamId.optional(),
    pushApnsBundleId: AppleBundleId.optional(),
    pushApnsEnvironment: z
      .enum(['production', 'sandbox'], {
        error: 'expected "production" (TestFlight and App Store builds) or "sandbox" (development builds)',
      })
      .default('production'),
    pushFcmCredentialsSecretArn: CredentialsSecretArn.optional(),
    pushCredentialsRevision: z
      .string()
      .regex(/^[\w.-]{1,64}$/, { error: 'expected a short revision such as "2" or "2027-06-11"' })
      .optional(),
  })
  .superRefine((context, issues) => {
    for (const [arn, secret] of [
      ['pushApnsApplicationArn', 'pushApnsCredentialsSecretArn'],
      ['pushFcmApplicationArn', 'pushFcmCredentialsSecretArn'],
    ] as const)
      if (context[arn] && context[secret])
        issues.addIssue({
          code: 'custom',
          path: [secret],
          message: `expected either ${arn} (an application you made) or ${secret} (the stack makes it), not both`,
        });
    for (const key of APNS_SETTINGS) {
      if (context.pushApnsCredentialsSecretArn && !context[key])
        issues.addIssue({
          code: 'custom',
          path: [key],
          message: 'required with pushApnsCredentialsSecretArn',
        });
      if (!context.pushApnsCredentialsSecretArn && context[key])
        issues.addIssue({
          code: 'custom',
          path: [key],
          message: 'used only with pushApnsCredentialsSecretArn, the secret of the APNs signing key',
        });
    }
  })
  .transform(
    (context): PushSettings => ({
      apnsApplicationArn: context.pushApnsApplicationArn,
      fcmApplicationArn: context.pushFcmApplicationArn,
      apns:
        context.pushApnsCredentialsSecretArn &&
        context.pushApnsKeyId &&
        context.pushApnsTeamId &&
        context.pushApnsBundleId
          ? {
              secretArn: context.pushApnsCredentialsSecretArn,
              keyId: context.pushApnsKeyId,
              teamId: context.pushApnsTeamId,
              bundleId: context.pushApnsBundleId,
              sandbox: context.pushApnsEnvironment === 'sandbox',
            }
          : undefined,
      fcmSecretArn: context.pushFcmCredentialsSecretArn,
      credentialsRevision: context.pushCredentialsRevision,
    }),
  );
