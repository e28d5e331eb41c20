import { DeviceToken } from '../../workflows/contracts/device-events.ts';
import type { IngestEvents } from '../commons/channels/feedback-ingest.ts';
import { applyUnregistrations, goneDeviceEventId } from '../commons/channels/push/gone-devices.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { StoredPushMessage } from '../commons/stores/push-messages.ts';
import { type DeliveryStatusRecord, failureReason } from './delivery-status.ts';

/**
 * The reasons APNs and FCM give for a token that will never take a push again: APNs'
 * BadDeviceToken and Unregistered (and the legacy InvalidToken), FCM's UNREGISTERED (legacy
 * NotRegistered). Other failures (a payload too large, a throttled app) leave the device.
 */
export const TOKEN_GONE_REASONS: ReadonlySet<string> = new Set([
  'BadDeviceToken',
  'Unregistered',
  'InvalidToken',
  'UNREGISTERED',
  'NotRegistered',
]);

/**
 * The `device_unregistered` of a push the platform refused for its token, or none: the event the
 * send step would make when it next found the endpoint disabled (the same id, so either report
 * counts once), dated when the push was published, so a registration since keeps the device.
 */
export function refusedTokenEvent(record: DeliveryStatusRecord, sent: StoredPushMessage): object | undefined {
  if (record.status !== 'FAILURE' || !TOKEN_GONE_REASONS.has(failureReason(record))) return undefined;
  const token = DeviceToken.safeParse(record.delivery.token);
  if (!token.success) return undefined;
  return {
    eventId: goneDeviceEventId(sent.idempotencyKey, token.data),
    customerId: sent.customerId,
    name: 'device_unregistered',
    at: new Date(sent.publishedAt).toISOString(),
    properties: { token: token.data, reason: 'endpoint_disabled' },
  };
}

/**
 * Takes the refused devices off their profiles through the same ingest as POST /events, which
 * deletes their endpoints while SNS has them disabled. Best effort, as at the send step: a failure
 * is logged (no token), and the next push to the device finds its endpoint disabled.
 */
export async function unregisterRefusedTokens(
  events: readonly object[],
  deps: RuntimeDeps,
  ingest: IngestEvents,
): Promise<void> {
  await applyUnregistrations(events, deps, ingest);
}
