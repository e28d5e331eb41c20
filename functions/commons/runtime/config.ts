import { z } from 'zod';
import { MAX_AUDIENCE_SEGMENTS } from '../../../workflows/contracts/execution.ts';
import { JourneyInputError } from './errors.ts';

const QuietHours = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, {
  error: 'expected "HH:MM-HH:MM", such as "21:00-08:00"',
});

/** Customers one audience snapshot segment reads (the deploy context checks the same). */
export const SegmentCustomers = z.coerce
  .number()
  .int()
  .min(1_000, { error: 'expected at least 1000 customers per snapshot segment' });

/** A fixed number of audience snapshot segments (the deploy context checks the same). */
export const SegmentCount = z.coerce
  .number()
  .int()
  .min(1, { error: `expected 1 to ${MAX_AUDIENCE_SEGMENTS} snapshot segments` })
  .max(MAX_AUDIENCE_SEGMENTS, { error: `expected 1 to ${MAX_AUDIENCE_SEGMENTS} snapshot segments` });

/** A provider's maximum send rate of `unit`s a second; the deploy context checks the same. */
const maxPerSecond = (unit: string, example: number) =>
  z.coerce
    .number({ error: `expected a number of ${unit}s per second, such as ${example}` })
    .int({ error: `expected a whole number of ${unit}s per second, such as ${example}` })
    .min(1, { error: `expected at least 1 ${unit} per second` })
    .max(100_000, { error: `expected at most 100000 ${unit}s per second` });

/** SES's "maximum send rate" of the account. */
export const EmailMaxPerSecond = maxPerSecond('email', 14);
/** The messages per second (MPS) of the SMS origination identity. */
export const SmsMaxPerSecond = maxPerSecond('SMS message', 20);
/** SNS's publish rate to mobile endpoints. */
export const PushMaxPerSecond = maxPerSecond('push notification', 1000);
/** What the webhook receivers take. */
export const WebhookMaxPerSecond = maxPerSecond('webhook call', 50);

/** The ARN of an SNS platform application on one of `platforms`, as `aws sns create-platform-application` returns it. */
const pushApplicationArn = (platforms: readonly string[]) =>
  z.string().regex(new RegExp(`^arn:aws[\\w-]*:sns:[\\w-]+:\\d{12}:app/(${platforms.join('|')})/[\\w.-]+$`), {
    error: `expected the ARN of an SNS platform application, such as "arn:aws:sns:us-east-1:111122223333:app/${platforms[0]}/shop"`,
  });

/** The iOS app's platform application (APNS, or APNS_SANDBOX for development builds); the deploy context checks the same. */
export const PushApnsApplicationArn = pushApplicationArn(['APNS', 'APNS_SANDBOX']);
/** The Android app's platform application (FCM, which SNS names GCM). */
export const PushFcmApplicationArn = pushApplicationArn(['GCM']);

/** The environment every function reads, parsed once at start-up. */
export const RuntimeConfig = z.object({
  CUSTOMERS_TABLE: z.string().min(3, { error: 'expected the customers table name' }),
  EVENTS_TABLE: z.string().min(3, { error: 'expected the events table name' }),
  STATE_TABLE: z.string().min(3, { error: 'expected the journey state table name' }),
  OUTBOX_TABLE: z.string().min(3).optional(),
  /** State machine ARNs are this prefix plus the journey id. */
  STATE_MACHINE_ARN_PREFIX: z
    .string()
    .min(1)
    .default('arn:aws:states:local:000000000000:stateMachine:journeys-'),
  FREQUENCY_CAP_PER_DAY: z.coerce.number().int().min(1).max(100).default(3),
  QUIET_HOURS: QuietHours.default('21:00-08:00'),
  EVENT_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
  /** How long an in-app message stays in the customer's inbox before DynamoDB's TTL removes it. */
  INBOX_TTL_DAYS: z.coerce
    .number({ error: 'expected a number of days, such as 30' })
    .int({ error: 'expected a whole number of days, such as 30' })
    .min(1, { error: 'expected at least 1 day' })
    .max(365, { error: 'expected at most 365 days' })
    .default(30),
  /** How many customers one audience snapshot segment reads: the customers table's size over this is the segment count. */
  AUDIENCE_SEGMENT_CUSTOMERS: SegmentCustomers.default(50_000),
  /** A fixed number of audience snapshot segments, instead of the count from the table's size. */
  AUDIENCE_SEGMENTS: SegmentCount.optional(),
  /** Where the local outbox appends delivered messages, one JSON object per line. */
  OUTBOX_JSONL: z.string().min(1).optional(),
  /** The events API's URL: one-click unsubscribe links point at its /unsubscribe route. */
  UNSUBSCRIBE_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'expected the events API URL, such as "https://api.example.com/"' })
    .optional(),
  /** The Secrets Manager secret that holds the unsubscribe links' HMAC key (in AWS). */
  UNSUBSCRIBE_SECRET_ARN: z
    .string()
    .startsWith('arn:', { error: 'expected the ARN of a Secrets Manager secret' })
    .optional(),
  /** The unsubscribe links' HMAC key itself (locally, instead of the one generated per data folder). */
  UNSUBSCRIBE_KEY: z
    .string()
    .min(32, { error: 'expected an unsubscribe key of at least 32 characters' })
    .optional(),
  /** The Secrets Manager secret that holds the key of customer pseudonyms and erasure tombstones (in AWS). */
  PSEUDONYM_SECRET_ARN: z
    .string()
    .startsWith('arn:', { error: 'expected the ARN of a Secrets Manager secret' })
    .optional(),
  /** The pseudonym key itself (locally, instead of the one generated per data folder). */
  PSEUDONYM_KEY: z
    .string()
    .min(32, { error: 'expected a pseudonym key of at least 32 characters' })
    .optional(),
  /**
   * The write key Segment libraries send, where the runtime checks it itself (journeys serve); in
   * AWS the segment-authorizer function checks it against its secret instead.
   */
  SEGMENT_WRITE_KEY: z
    .string()
    .min(16, { error: 'expected a Segment write key of at least 16 characters' })
    .max(256, { error: 'expected a Segment write key of at most 256 characters' })
    // HTTP Basic auth ends the user name at ":".
    .regex(/^[\x21-\x39\x3b-\x7e]+$/, {
      error: 'expected a Segment write key of printable characters, without spaces or ":"',
    })
    .optional(),
  /** The SES configuration set every email is sent with: it publishes the delivery events. */
  SES_CONFIGURATION_SET: z.string().min(1).max(64).optional(),
  /** The verified address emails come from, such as "Shop <news@shop.example>". */
  EMAIL_FROM_ADDRESS: z.string().min(3, { error: 'expected the address emails are sent from' }).optional(),
  /** Emails handed to the provider per second, across every function at once. @default unpaced */
  EMAIL_MAX_PER_SECOND: EmailMaxPerSecond.optional(),
  /** The same for SMS, push and webhook calls, each paced on its own. @default unpaced */
  SMS_MAX_PER_SECOND: SmsMaxPerSecond.optional(),
  PUSH_MAX_PER_SECOND: PushMaxPerSecond.optional(),
  WEBHOOK_MAX_PER_SECOND: WebhookMaxPerSecond.optional(),
  /** The SES identity that authorizes the from address, when it belongs to another account. */
  EMAIL_FROM_IDENTITY_ARN: z
    .string()
    .startsWith('arn:', { error: 'expected the ARN of an SES identity' })
    .optional(),
  /** The SNS platform application of the iOS app (APNs, or APNS_SANDBOX for development builds): push is sent when one is set. */
  PUSH_APNS_APPLICATION_ARN: PushApnsApplicationArn.optional(),
  /** The SNS platform application of the Android app (FCM, which SNS names GCM). */
  PUSH_FCM_APPLICATION_ARN: PushFcmApplicationArn.optional(),
  /** The Secrets Manager secret whose text signs every webhook call (in AWS): webhooks are sent when it is set. */
  WEBHOOK_SECRET_ARN: z
    .string()
    .startsWith('arn:', { error: 'expected the ARN of a Secrets Manager secret' })
    .optional(),
  /** The webhook signing secret itself (locally, instead of the one generated per data folder). */
  WEBHOOK_SECRET: z
    .string()
    .min(32, { error: 'expected a webhook secret of at least 32 characters' })
    .optional(),
  /**
   * Whether webhook targets may resolve to loopback, link-local or private addresses and be plain
   * http. @default false in Lambda, true in the local engine (its receivers are on 127.0.0.1)
   */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z
    .enum(['true', 'false'], { error: 'expected "true" or "false"' })
    .transform((text) => text === 'true')
    .optional(),
  /**
   * The phone number, pool or sender ID that SMS go out from (its id or ARN; an ARN for a shared
   * one): SMS is sent through End User Messaging SMS when it is set, else it goes to the outbox.
   */
  SMS_ORIGINATION_IDENTITY: z
    .string()
    .regex(/^[A-Za-z0-9_:/+-]{1,256}$/, {
      error:
        'expected a phone number, pool or sender ID, or its ARN, such as "pool-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d"',
    })
    .optional(),
  /** The End User Messaging SMS configuration set every SMS is sent with: its event destination publishes the delivery receipts. */
  SMS_CONFIGURATION_SET: z
    .string()
    .regex(/^[A-Za-z0-9_:/-]{1,256}$/, { error: 'expected a configuration set name or ARN' })
    .optional(),
  /** Carriers route and filter the two differently; marketing journeys are promotional. @default PROMOTIONAL */
  SMS_MESSAGE_TYPE: z
    .enum(['TRANSACTIONAL', 'PROMOTIONAL'], { error: 'expected "TRANSACTIONAL" or "PROMOTIONAL"' })
    .default('PROMOTIONAL'),
});
export type RuntimeConfig = z.infer<typeof RuntimeConfig>;

export function parseConfig(environment: Record<string, string | undefined>): RuntimeConfig {
  const result = RuntimeConfig.safeParse(environment);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  throw new JourneyInputError(
    `invalid environment: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`,
    problems,
  );
}

export function quietWindow(config: Pick<RuntimeConfig, 'QUIET_HOURS'>): {
  startMinute: number;
  endMinute: number;
} {
  const [start = '21:00', end = '08:00'] = config.QUIET_HOURS.split('-');
  const minutes = (text: string) => {
    const [hours = 0, mins = 0] = text.split(':').map(Number);
    return hours * 60 + mins;
  };
  return { startMinute: minutes(start), endMinute: minutes(end) };
}
