import { describe, expect, test } from 'vitest';
import { goneDeviceEventId } from '../../../functions/commons/channels/push/gone-devices.ts';
import type { StoredPushMessage } from '../../../functions/commons/stores/push-messages.ts';
import {
  type DeliveryStatusRecord,
  deliveryStatusOf,
} from '../../../functions/push-feedback/delivery-status.ts';
import { refusedTokenEvent } from '../../../functions/push-feedback/refused-tokens.ts';
import { statusRecord } from './delivery-status-support.ts';

/** Which failures unregister the device: those that say its token will never take a push again. */

const SENT: StoredPushMessage = {
  messageId: 'c3ad79b0-8996-550a-8bfa-24f05989898f',
  customerId: 'c-1',
  idempotencyKey: 'run-1/send-welcome/c-1',
  journeyId: 'welcome',
  runId: 'run-1',
  stepId: 'send-welcome',
  platform: 'APNS',
  publishedAt: Date.parse('2027-06-11T10:00:00Z'),
};
const TOKEN = 'examp1e29z6j5c4df46f80189c4c83fjcgf7f6257e98542d2jt3395kj73';
const record = (name: 'success' | 'failure', delivery: Record<string, unknown> = {}) =>
  deliveryStatusOf(JSON.stringify(statusRecord(name, SENT.messageId, delivery))) as DeliveryStatusRecord;

describe('the device a delivery status unregisters', () => {
  test('a token APNs calls invalid is unregistered, under the id the send step would give, dated at the publish', () => {
    // Act
    const event = refusedTokenEvent(record('failure'), SENT);

    // Assess
    expect(event).toEqual({
      eventId: goneDeviceEventId(SENT.idempotencyKey, TOKEN),
      customerId: 'c-1',
      name: 'device_unregistered',
      at: '2027-06-11T10:00:00.000Z',
      properties: { token: TOKEN, reason: 'endpoint_disabled' },
    });
  });

  test.each([
    [
      'FCM says the app is gone',
      {
        statusCode: 404,
        providerResponse: '{"error":{"status":"NOT_FOUND","details":[{"errorCode":"UNREGISTERED"}]}}',
      },
      true,
    ],
    [
      'APNs says the token is bad',
      { statusCode: 400, providerResponse: '{"reason":"BadDeviceToken"}' },
      true,
    ],
    [
      'APNs says the payload is too large',
      { statusCode: 413, providerResponse: '{"reason":"PayloadTooLarge"}' },
      false,
    ],
    ['FCM is unavailable', { statusCode: 503, providerResponse: 'Service Unavailable' }, false],
    ['the token is no device token', { token: 'not a token!' }, false],
  ])('when %s (%o), unregisters: %s', (_, delivery, unregisters) => {
    // Act / Assess
    expect(refusedTokenEvent(record('failure', delivery), SENT) !== undefined).toBe(unregisters);
  });

  test('a hand-off is never an unregistration', () => {
    expect(
      refusedTokenEvent(record('success', { providerResponse: '{"reason":"Unregistered"}' }), SENT),
    ).toBeUndefined();
  });
});
