import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { Device } from '../../../../workflows/contracts/device-events.ts';
import type { OutgoingMessage } from '../channel-adapter.ts';

/** The keys of SNS's per-platform messages: APNs (production or sandbox) and FCM, which SNS still calls GCM. */
export type PushPlatformKey = 'APNS' | 'APNS_SANDBOX' | 'GCM';

/** APNs and FCM both refuse a payload above 4 KB; SNS would answer InvalidParameter after the call. */
export const MAX_PAYLOAD_BYTES = 4096;

/**
 * The platform key of an endpoint: its ARN names its application's platform
 * (`arn:aws:sns:…:endpoint/APNS_SANDBOX/shop/…`), which tells a sandbox app from a production one;
 * an ARN of another shape falls back to the device's platform.
 */
export function platformKeyOf(device: Device): PushPlatformKey {
  const named = /:endpoint\/(APNS_SANDBOX|APNS|GCM)\//.exec(device.endpointArn ?? '')?.[1];
  if (named) return named as PushPlatformKey;
  return device.platform === 'apns' ? 'APNS' : 'GCM';
}

/**
 * What the app receives beside the notification: the message's reference, so an app that reports
 * an open names the message (FCM data values must be strings).
 */
function dataOf(message: OutgoingMessage): Record<string, string> {
  return {
    idempotencyKey: message.idempotencyKey,
    journeyId: message.journeyId,
    runId: message.runId,
    stepId: message.stepId,
  };
}

/** The platform's own payload: an APNs alert with custom keys beside `aps`, or an FCM v1 notification with data. */
export function platformPayload(message: OutgoingMessage, key: PushPlatformKey): object {
  const notification = { ...(message.subject ? { title: message.subject } : {}), body: message.body };
  if (key === 'GCM') return { fcmV1Message: { message: { notification, data: dataOf(message) } } };
  return { aps: { alert: notification }, ...dataOf(message) };
}

/**
 * The Publish request of one message to one device: a JSON message whose platform key holds the
 * payload as a string (SNS's MessageStructure "json"), with the body as the default. A message
 * the platform would refuse is answered with why instead.
 */
export function publishRequest(
  message: OutgoingMessage,
  device: Device,
): { input: PublishCommandInput } | { problem: string } {
  if (!device.endpointArn) return { problem: 'the device has no push endpoint' };
  const key = platformKeyOf(device);
  const payload = JSON.stringify(platformPayload(message, key));
  if (Buffer.byteLength(payload, 'utf8') > MAX_PAYLOAD_BYTES)
    return { problem: `the ${key} payload is over ${MAX_PAYLOAD_BYTES} bytes` };
  return {
    input: {
      TargetArn: device.endpointArn,
      MessageStructure: 'json',
      Message: JSON.stringify({ default: message.body, [key]: payload }),
    },
  };
}
