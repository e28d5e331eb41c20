import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import {
  type DeliveryStatusRecord,
  deliveryStatusOf,
  failureReason,
  logsBatchOf,
} from '../../../functions/push-feedback/delivery-status.ts';
import { logsEvent, statusRecord } from './delivery-status-support.ts';

/** The pure reading of SNS's delivery status logs: the batch, each record, and a failure's reason. */

const table = JSON.parse(
  readFileSync(new URL('../../fixtures/channels/push-delivery-status.json', import.meta.url), 'utf8'),
) as {
  reasons: { why: string; statusCode: number; providerResponse: string | null; reason: string }[];
  malformed: { why: string; set: Record<string, unknown>; paths: string[] }[];
};

const parsed = (record: Record<string, unknown>) =>
  deliveryStatusOf(JSON.stringify(record)) as DeliveryStatusRecord;

describe('a CloudWatch Logs subscription batch', () => {
  test('is unzipped into its log events, each message the record as SNS wrote it', () => {
    // Prepare
    const event = logsEvent([statusRecord('success'), statusRecord('failure')]);

    // Act
    const batch = logsBatchOf(event);

    // Assess
    expect('problems' in batch).toBe(false);
    const { logGroup, logEvents } = batch as Exclude<typeof batch, { problems: unknown }>;
    expect(logGroup).toBe('sns/us-east-1/111122223333/app/GCM/journeys-test-fcm');
    expect(logEvents.map((logEvent) => JSON.parse(logEvent.message).status)).toEqual(['SUCCESS', 'FAILURE']);
  });

  test.each([
    ['no awslogs', {}],
    ['data that is not base64 of gzip', { awslogs: { data: 'bm90IGd6aXA=' } }],
    [
      'a batch without log events',
      {
        awslogs: {
          data: gzipSync(JSON.stringify({ messageType: 'DATA_MESSAGE', logGroup: 'g' })).toString('base64'),
        },
      },
    ],
  ])('with %s is malformed, named by its path', (_, event) => {
    // Act
    const batch = logsBatchOf(event);

    // Assess
    expect(batch).toHaveProperty('problems');
    expect((batch as { problems: { path: string }[] }).problems[0]?.path).toMatch(/^awslogs\.data/);
  });
});

describe('a delivery status record', () => {
  test("the guide's SUCCESS and FAILURE examples are read with their message ids and statuses", () => {
    // Act
    const [success, failure] = [parsed(statusRecord('success')), parsed(statusRecord('failure'))];

    // Assess
    expect([success.status, success.notification.messageId]).toEqual([
      'SUCCESS',
      '9655abe4-6ed6-5734-89f7-e6a6a42de02a',
    ]);
    expect([failure.status, failure.notification.messageId, failure.delivery.statusCode]).toEqual([
      'FAILURE',
      'c3ad79b0-8996-550a-8bfa-24f05989898f',
      8,
    ]);
  });

  test.each(table.malformed)(
    'is malformed with $why, named by field path and never by value',
    ({ set, paths }) => {
      // Prepare
      const record = { ...statusRecord('failure'), ...set };

      // Act
      const result = deliveryStatusOf(JSON.stringify(record));

      // Assess
      expect('problems' in result).toBe(true);
      const problems = (result as { problems: { path: string; message: string }[] }).problems;
      expect(problems.map((problem) => problem.path)).toEqual(paths);
      expect(JSON.stringify(problems)).not.toContain(
        'examp1e29z6j5c4df46f80189c4c83fjcgf7f6257e98542d2jt3395kj73',
      );
      expect(JSON.stringify(problems)).not.toContain('+14255550100');
    },
  );

  test('a line that is not JSON is malformed', () => {
    // Act / Assess
    expect(deliveryStatusOf('START RequestId: 1')).toEqual({
      problems: [{ path: 'message', message: 'expected JSON text' }],
    });
  });
});

describe("a failure's reason", () => {
  test.each(table.reasons)('from $why is "$reason"', ({ statusCode, providerResponse, reason }) => {
    // Prepare
    const record = parsed(
      statusRecord('failure', undefined, { statusCode, providerResponse: providerResponse ?? undefined }),
    );

    // Act / Assess
    expect(failureReason(record)).toBe(reason);
  });
});
