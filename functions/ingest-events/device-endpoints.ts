import { createHash } from 'node:crypto';
import { type CustomerEvent, type EventResult, isKnownEvent } from '../../workflows/contracts/customer.ts';
import type { Device, UnregisterReason } from '../../workflows/contracts/device-events.ts';
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
  deps: Pick<RuntimeDeps, 'devices' | 'stores'>,
  now: number,
  ingest: IngestOthers,
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
      const endpointArn = await registrar.register(
        {
          customerId: event.customerId,
          platform,
          token,
          ...(known?.endpointArn ? { endpointArn: known.endpointArn } : {}),
        },
        { takeOver: (previousOwner) => takeOffPreviousOwner(previousOwner, event, token, deps, ingest) },
      );
      if (endpointArn) endpoints.set(event.eventId, endpointArn);
    } catch (error) {
      failures.set(event, error);
    }
  }
  return { endpoints, failures };
}

/** Ingest of events about other customers than the batch's own, such as a device's previous owner. */
export type IngestOthers = (events: readonly object[]) => Promise<EventResult[]>;

/**
 * A token that signed in as another customer leaves its previous owner's profile, through the same
 * ingest as POST /events, before its endpoint becomes the new owner's: their pushes no longer go
 * to a phone that changed hands. Its endpoint is kept (`token_moved`). The event id comes from the
 * registration's, so a retried registration is a duplicate. A failure fails the registration.
 */
async function takeOffPreviousOwner(
  previousOwner: string,
  registration: CustomerEvent,
  token: string,
  deps: Pick<RuntimeDeps, 'stores'>,
  ingest: IngestOthers,
): Promise<void> {
  // An owner who has signed out already, or no longer exists, has nothing to take off.
  const profile = await deps.stores.customers.get(previousOwner);
  if (!profile?.devices?.some((device) => device.token === token)) return;
  const digest = createHash('sha256')
    .update(`${registration.customerId}\u0000${registration.eventId}\u0000${token}`)
    .digest('hex');
  const [result] = await ingest([
    {
      eventId: `push-moved:${digest.slice(0, 40)}`,
      customerId: previousOwner,
      name: 'device_unregistered',
      at: registration.at,
      properties: { token, reason: 'token_moved' },
    },
  ]);
  if (result?.status !== 'accepted' && result?.status !== 'duplicate')
    throw new Error('the device could not be taken off its previous owner');
}

/**
 * The I/O after a profile write: the endpoints of the devices it let go (unregistered, replaced,
 * or the oldest past the limit) are deleted, as `reasons` (by token) allow: an endpoint reported
 * disabled only while it still is (the app may have registered it again since), and one whose
 * token moved to another customer not at all. Best effort: an endpoint left behind is reached by
 * no profile, so a failure is logged and nothing more.
 */
export async function retireEndpoints(
  change: { readonly before: readonly Device[]; readonly after: readonly Device[] },
  customerId: string,
  deps: Pick<RuntimeDeps, 'devices' | 'logger'>,
  reasons: ReadonlyMap<string, UnregisterReason> = new Map(),
): Promise<void> {
  const registrar = deps.devices;
  if (!registrar) return;
  const kept = new Set(change.after.map((device) => device.endpointArn));
  const dropped = new Map<string, UnregisterReason | undefined>();
  for (const device of change.before)
    if (device.endpointArn && !kept.has(device.endpointArn))
      dropped.set(device.endpointArn, reasons.get(device.token));
  await Promise.all(
    [...dropped].map(async ([endpointArn, reason]) => {
      if (reason === 'token_moved') return;
      try {
        await registrar.unregister(endpointArn, customerId, {
          onlyIfDisabled: reason === 'endpoint_disabled',
        });
      } catch (error) {
        deps.logger.warn('push endpoint not deleted', { error: (error as Error).name });
      }
    }),
  );
}

/** Why each token the applied events unregistered left the profile. */
export function unregisterReasons(events: Iterable<CustomerEvent>): Map<string, UnregisterReason> {
  const reasons = new Map<string, UnregisterReason>();
  for (const event of events)
    if (isKnownEvent(event) && event.name === 'device_unregistered')
      reasons.set(event.properties.token, event.properties.reason ?? 'sign_out');
  return reasons;
}
