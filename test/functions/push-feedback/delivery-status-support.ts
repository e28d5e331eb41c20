import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** SNS's delivery status records of test/events/push-delivery-status/, as its Developer Guide gives them. */
export type StatusFixture = 'success' | 'failure';

const FIXTURES: Record<StatusFixture, Record<string, unknown>> = {
  success: JSON.parse(
    readFileSync(new URL('../../events/push-delivery-status/success.json', import.meta.url), 'utf8'),
  ),
  failure: JSON.parse(
    readFileSync(new URL('../../events/push-delivery-status/failure.json', import.meta.url), 'utf8'),
  ),
};

/** A copy of a fixture record about `messageId` (its own unless given), with `delivery` fields changed. */
export function statusRecord(
  name: StatusFixture,
  messageId?: string,
  delivery: Record<string, unknown> = {},
): Record<string, unknown> {
  const record = structuredClone(FIXTURES[name]) as {
    notification: Record<string, unknown>;
    delivery: Record<string, unknown>;
  };
  if (messageId) record.notification.messageId = messageId;
  Object.assign(record.delivery, delivery);
  return record;
}

/**
 * A CloudWatch Logs subscription event as Lambda receives it: `awslogs.data`, base64 of the gzipped
 * batch, one log event per record (a string is a log line as it stands), logged at `at`.
 */
export function logsEvent(
  records: readonly (Record<string, unknown> | string)[],
  at = Date.parse('2027-06-11T10:00:05Z'),
  logGroup = 'sns/us-east-1/111122223333/app/GCM/journeys-test-fcm',
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE' = 'DATA_MESSAGE',
) {
  const batch = {
    messageType,
    owner: '111122223333',
    logGroup,
    logStream: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    subscriptionFilters: ['push-feedback'],
    logEvents: records.map((record, index) => ({
      id: `3719512345678901234567890123456789012345678901234567${String(index).padStart(4, '0')}`,
      timestamp: at + index,
      message: typeof record === 'string' ? record : JSON.stringify(record),
    })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(batch)).toString('base64') } };
}
