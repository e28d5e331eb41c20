import { z } from 'zod';

/** SNS's rule for application names. */
export const ApplicationName = z
  .string()
  .regex(/^[\w.-]{1,256}$/, {
    error: 'expected an SNS application name: letters, digits, "_", "-" and ".", at most 256',
  })
  .describe('The platform application name, fixed per stage and platform (journeys-<stage>-apns)');

/** A complete secret ARN, the one `aws secretsmanager create-secret` prints (it ends in -AbCdEf). */
export const CredentialsSecretArn = z
  .string()
  .regex(/^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/, {
    error:
      'expected the complete ARN of a Secrets Manager secret, such as "arn:aws:secretsmanager:us-east-1:111122223333:secret:journeys/fcm-AbCdEf"',
  });

export const ApnsKeyId = z
  .string()
  .regex(/^[A-Z0-9]{10}$/, {
    error: 'expected the 10-character Key ID of the APNs signing key, such as "ABC123DEFG"',
  })
  .describe("The token-signing key's id: SNS's PlatformPrincipal");

export const AppleTeamId = z
  .string()
  .regex(/^[A-Z0-9]{10}$/, {
    error: 'expected the 10-character Apple Developer Team ID, such as "TEAM123456"',
  })
  .describe("The Apple Developer team's id: SNS's ApplePlatformTeamID");

export const AppleBundleId = z
  .string()
  .regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, {
    error: 'expected the iOS app\'s bundle id, such as "com.example.shop"',
  })
  .describe("The iOS app's bundle id: SNS's ApplePlatformBundleID");

/** A value that, when changed, makes the application read its secret again (after a rotation). */
const Revision = z.string().max(64).optional();

const RoleArn = z
  .string()
  .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: 'expected the ARN of an IAM role' });

/** SNS's delivery status logging: the role it writes the logs with, and the share of successes logged. */
const DeliveryStatus = {
  SuccessFeedbackRoleArn: RoleArn.optional(),
  FailureFeedbackRoleArn: RoleArn.optional(),
  SuccessFeedbackSampleRate: z
    .string()
    .regex(/^(100|[1-9]?\d)$/, { error: 'expected a percentage from "0" to "100"' })
    .optional(),
};

/** An iOS application with APNs token authentication; APNS_SANDBOX serves development builds. */
export const ApnsApplicationProperties = z.object({
  Platform: z.enum(['APNS', 'APNS_SANDBOX']),
  Name: ApplicationName,
  CredentialsSecretArn: CredentialsSecretArn.describe('The secret whose text is the .p8 token-signing key'),
  KeyId: ApnsKeyId,
  TeamId: AppleTeamId,
  BundleId: AppleBundleId,
  Revision,
  ...DeliveryStatus,
});

/** An Android application with FCM HTTP v1, which SNS names GCM. */
export const FcmApplicationProperties = z.object({
  Platform: z.literal('GCM'),
  Name: ApplicationName,
  CredentialsSecretArn: CredentialsSecretArn.describe('The secret whose text is the service account JSON'),
  Revision,
  ...DeliveryStatus,
});

/**
 * The properties of a `Custom::SnsPlatformApplication`: what the stack writes into the template
 * and the custom resource's function reads. Only the secret's ARN is here, never its text.
 */
export const PlatformApplicationProperties = z
  .discriminatedUnion('Platform', [ApnsApplicationProperties, FcmApplicationProperties])
  .describe('An SNS platform application made from credentials kept in Secrets Manager');
export type PlatformApplicationProperties = z.infer<typeof PlatformApplicationProperties>;
export type ApnsApplicationProperties = z.infer<typeof ApnsApplicationProperties>;
