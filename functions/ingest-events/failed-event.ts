import type { CustomerEvent, EventResult } from '../../workflows/contracts/customer.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';

/** What the caller is told: nothing of the event was kept, and nothing about the server. */
export const FAILED_MESSAGE = 'the event could not be processed this time; send it again';

/** Characters of customer and event ids: an id is redacted only where it stands whole. */
const ID_CHARACTER = String.raw`[\w:.\-@+/#]`;

/**
 * The answer for an event that failed for an unexpected reason, logged with where it was in the
 * batch and what went wrong, but nothing of the customer's: no ids, no properties.
 */
export function failedEvent(
  index: number,
  event: CustomerEvent,
  error: unknown,
  deps: RuntimeDeps,
): EventResult {
  const { name, message } = error instanceof Error ? error : { name: typeof error, message: String(error) };
  deps.logger.error('event not processed', {
    index,
    event: event.name,
    error: name,
    message: redacted(redacted(message, event.customerId, '<customer>'), event.eventId, '<event>'),
  });
  return { index, eventId: event.eventId, status: 'failed', message: FAILED_MESSAGE };
}

function redacted(text: string, id: string, placeholder: string): string {
  const escaped = id.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  return text.replace(new RegExp(`(?<!${ID_CHARACTER})${escaped}(?!${ID_CHARACTER})`, 'g'), placeholder);
}
