import { type CustomerEvent, isKnownEvent } from '../../workflows/contracts/customer.ts';
import type { Device } from '../../workflows/contracts/device-events.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';

/** What ingest knows of a profile before its write: its devices, and the event ids it has seen. */
interface StoredDevices {
  readonly devices?: readonly Device[];
  readonly seen?: Readonly<Record<string, number>>;
}

/** The endpoints made for a customer's `device_registered` events, by event id, and the events whose registration failed. */
export interface Registrations {
  readonly endpoints: ReadonlyMap<string, string>;
  readonly failures: ReadonlyMap<CustomerEvent, unknown>;
}

/**
 * The I/O before a customer's profile update: each new `device_registered` event gets its SNS
 * platform endpoint (made, or brought up to date), which the pure update then stores on the
 * device. Without a registrar (locally, or with no platform application) devices are stored
 * without one. A failed registration fails its event alone, for the client to send again.
 */
export async function registerDevices(
  events: readonly CustomerEvent[],
  stored: StoredDevices | null | undefined,
  deps: Pick<RuntimeDeps, 'devices'>,
  now: number,
): Promise<Registrations> {
  const endpoints = new Map<string, string>();
  const failures = new Map<CustomerEvent, unknown>();
  const registrar = deps.devices;
  if (!registrar) return { endpoints, failures };
  for (const event of events) {
    // An id seen before is a duplicate, which the update skips: nothing to register.
    if (!isKnownEvent(event) || event.name !== 'device_registered') continue;
    if ((stored?.seen?.[event.eventId] ?? 0) > now) continue;
    const { platform, token } = event.properties;
    const known = stored?.devices?.find((device) => device.token === token && device.platform === platform);
    try {
      const endpointArn = await registrar.register({
        customerId: event.customerId,
        platform,
        token,
        ...(known?.endpointArn ? { endpointArn: known.endpointArn } : {}),
      });
      if (endpointArn) endpoints.set(event.eventId, endpointArn);
    } catch (error) {
      failures.set(event, error);
    }
  }
  return { endpoints, failures };
}

/**
 * The I/O after a profile write: the endpoints of the devices it let go (unregistered, replaced,
 * or the oldest past the limit) are deleted. Best effort: an endpoint left behind is reached by
 * no profile, so a failure is logged and nothing more.
 */
export async function retireEndpoints(
  change: { readonly before: readonly Device[]; readonly after: readonly Device[] },
  customerId: string,
  deps: Pick<RuntimeDeps, 'devices' | 'logger'>,
): Promise<void> {
  const registrar = deps.devices;
  if (!registrar) return;
  const kept = new Set(change.after.map((device) => device.endpointArn));
  const dropped = change.before.flatMap((device) =>
    device.endpointArn && !kept.has(device.endpointArn) ? [device.endpointArn] : [],
  );
  await Promise.all(
    [...new Set(dropped)].map(async (endpointArn) => {
      try {
        await registrar.unregister(endpointArn, customerId);
      } catch (error) {
        deps.logger.warn('push endpoint not deleted', { error: (error as Error).name });
      }
    }),
  );
}
