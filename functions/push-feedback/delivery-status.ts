import { gunzipSync } from 'node:zlib';
import { z } from 'zod';

/**
 * What SNS writes to CloudWatch Logs for a push it handed to APNs or FCM, or failed to (SNS
 * Developer Guide, "Amazon SNS message delivery status CloudWatch log examples"), and the
 * subscription batches CloudWatch Logs sends a Lambda ("Using CloudWatch Logs subscription
 * filters": `awslogs.data`, base64 of gzipped JSON). Only the fields the feedback needs are
 * checked; the rest, the device token among them, pass untouched and are never logged.
 */

const MessageId = z
  .string({ error: 'expected the message id as a string' })
  .regex(/^[\w-]{1,100}$/, { error: 'expected an SNS message id of letters, digits, _ and -' });

/** One delivery status record: the hand-off of one published message to one endpoint. */
export const DeliveryStatusRecord = z.looseObject({
  status: z.enum(['SUCCESS', 'FAILURE'], { error: 'expected status "SUCCESS" or "FAILURE"' }),
  notification: z.looseObject({
    messageId: MessageId,
    /** When SNS took the Publish, as "2015-01-26 23:07:39.54" (UTC). */
    timestamp: z.string({ error: 'expected notification.timestamp as a string' }),
  }),
  delivery: z.looseObject({
    /** The HTTP status APNs or FCM answered, or the legacy APNs error command. */
    statusCode: z.number({ error: 'expected delivery.statusCode as a number' }).int(),
    /** The endpoint's ARN. */
    destination: z
      .string({ error: 'expected delivery.destination as a string' })
      .regex(/^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:endpoint\//, {
        error: 'expected delivery.destination to be the ARN of an SNS platform endpoint',
      }),
    /** What APNs or FCM answered: JSON or text, which may name why it refused. */
    providerResponse: z.string().optional(),
    dwellTimeMs: z.number().nonnegative().optional(),
    attempts: z.number().int().nonnegative().optional(),
  }),
});
export type DeliveryStatusRecord = z.infer<typeof DeliveryStatusRecord>;

/** One batch of a subscription filter, unzipped. CONTROL_MESSAGE batches only check the destination. */
export const LogsBatch = z.looseObject({
  messageType: z.enum(['DATA_MESSAGE', 'CONTROL_MESSAGE'], {
    error: 'expected messageType "DATA_MESSAGE" or "CONTROL_MESSAGE"',
  }),
  logGroup: z.string({ error: 'expected logGroup as a string' }),
  logEvents: z.array(
    z.looseObject({
      id: z.string({ error: 'expected the log event id as a string' }),
      /** When SNS logged it, in epoch milliseconds. */
      timestamp: z
        .number({ error: 'expected the log event timestamp in epoch milliseconds' })
        .int()
        .positive(),
      message: z.string({ error: 'expected the log event message as text' }),
    }),
    { error: 'expected logEvents as a list' },
  ),
});
export type LogsBatch = z.infer<typeof LogsBatch>;

type Problems = { path: string; message: string }[];

/** Paths and expectations only: a record holds the device token, a batch the records. */
const problemsOf = (error: z.ZodError, prefix: readonly string[]): Problems =>
  error.issues.map((issue) => ({ path: [...prefix, ...issue.path].join('.'), message: issue.message }));

/** The batch in `awslogs.data`, or why it cannot be read. */
export function logsBatchOf(event: unknown): LogsBatch | { problems: Problems } {
  const data = (event as { awslogs?: { data?: unknown } } | null)?.awslogs?.data;
  if (typeof data !== 'string')
    return { problems: [{ path: 'awslogs.data', message: 'expected base64 text of gzipped JSON' }] };
  let batch: unknown;
  try {
    batch = JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8'));
  } catch {
    return { problems: [{ path: 'awslogs.data', message: 'expected base64 text of gzipped JSON' }] };
  }
  const parsed = LogsBatch.safeParse(batch);
  return parsed.success ? parsed.data : { problems: problemsOf(parsed.error, ['awslogs', 'data']) };
}

/** One log event's record, or why it is malformed. */
export function deliveryStatusOf(message: string): DeliveryStatusRecord | { problems: Problems } {
  let record: unknown;
  try {
    record = JSON.parse(message);
  } catch {
    return { problems: [{ path: 'message', message: 'expected JSON text' }] };
  }
  const parsed = DeliveryStatusRecord.safeParse(record);
  return parsed.success ? parsed.data : { problems: problemsOf(parsed.error, ['message']) };
}

const CODE = /^[A-Za-z][A-Za-z_]{1,63}$/;

/**
 * Why APNs or FCM refused a push, as a short code of theirs, never their text (which may quote
 * the token): APNs' `reason` ("BadDeviceToken") or its legacy `status=InvalidToken`, FCM v1's
 * `errorCode` ("UNREGISTERED") or `status`, legacy FCM's `error` ("NotRegistered"); else the
 * status code.
 */
export function failureReason(record: DeliveryStatusRecord): string {
  const response = record.delivery.providerResponse ?? '';
  const legacy = /\bstatus=([A-Za-z_]+)/.exec(response)?.[1];
  const candidates = [...codesIn(response), legacy];
  const code = candidates.find(
    (candidate): candidate is string => typeof candidate === 'string' && CODE.test(candidate),
  );
  return code ?? `status ${record.delivery.statusCode}`;
}

/** The error codes a JSON answer of APNs or FCM names, most specific first. */
function codesIn(response: string): unknown[] {
  let body: unknown;
  try {
    body = JSON.parse(response);
  } catch {
    return [];
  }
  const answer = body as {
    reason?: unknown;
    error?: { status?: unknown; details?: { errorCode?: unknown }[] } | unknown;
    results?: { error?: unknown }[];
  };
  const error = typeof answer?.error === 'object' && answer.error !== null ? answer.error : {};
  const fcm = error as { status?: unknown; details?: { errorCode?: unknown }[] };
  return [
    answer?.reason,
    ...(Array.isArray(fcm.details) ? fcm.details.map((detail) => detail?.errorCode) : []),
    fcm.status,
    typeof answer?.error === 'string' ? answer.error : undefined,
    ...(Array.isArray(answer?.results) ? answer.results.map((result) => result?.error) : []),
  ];
}
