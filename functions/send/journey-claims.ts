import type { Journey } from '../../workflows/schema/index.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { countsPerCustomer, type JourneyClaimResult } from '../commons/stores/journey-sends.ts';
import type { SendRecord } from '../commons/stores/send-log.ts';
import { mapLimit } from '../commons/util/concurrency.ts';

/**
 * Gives back the journey-limit claims of messages the provider rejected: a journey's limits count
 * the messages that went out, so a rejected first message must not use up `messages_total: 1`.
 */
export async function releaseRejected(
  rejected: readonly SendRecord[],
  deps: RuntimeDeps,
  at: { readonly now: number; readonly timezoneOf: (customerId: string) => string | undefined },
): Promise<void> {
  const limited = rejected.filter((entry) =>
    countsPerCustomer(deps.catalog.journeys.get(entry.journeyId)?.limits),
  );
  await mapLimit(limited, 8, (entry) =>
    deps.stores.journeySends.release(
      entry.customerId,
      entry.journeyId,
      entry.idempotencyKey,
      at.now,
      at.timezoneOf(entry.customerId),
    ),
  );
}

/** The journey's own claim on one message, counted on the customer's day; none without per-customer limits. */
export async function claimForJourney(
  send: { readonly customerId: string; readonly journeyId: string },
  journey: Journey | undefined,
  message: { readonly key: string; readonly now: number; readonly timezone: string },
  deps: RuntimeDeps,
): Promise<JourneyClaimResult | undefined> {
  const limits = journey?.limits;
  if (!countsPerCustomer(limits)) return undefined;
  const { key, now, timezone } = message;
  return deps.stores.journeySends.claim(send.customerId, send.journeyId, key, now, limits, timezone);
}
