import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { countsPerCustomer } from '../commons/stores/journey-sends.ts';
import type { SendRecord } from '../commons/stores/send-log.ts';
import { mapLimit } from '../commons/util/concurrency.ts';

/**
 * Gives back the journey-limit claims of messages the provider rejected: a journey's limits count
 * the messages that went out, so a rejected first message must not use up `messages_total: 1`.
 */
export async function releaseRejected(
  rejected: readonly SendRecord[],
  deps: RuntimeDeps,
  now: number,
): Promise<void> {
  const limited = rejected.filter((entry) =>
    countsPerCustomer(deps.catalog.journeys.get(entry.journeyId)?.limits),
  );
  await mapLimit(limited, 8, (entry) =>
    deps.stores.journeySends.release(entry.customerId, entry.journeyId, entry.idempotencyKey, now),
  );
}
