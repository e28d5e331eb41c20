import { CUSTOM_EVENT_LIMITS, CUSTOM_EVENT_NAME } from '../contracts/custom-events.ts';

/**
 * A Segment event name in snake_case, as a custom event of Journeys: "Video Played" is
 * video_played, "checkoutStarted" is checkout_started. Undefined when nothing of the name is
 * left that the events API takes (no Latin letter first, or too long): such an event is refused
 * with its reason, and the workspace maps it by name instead.
 */
export function snakeCaseEventName(name: string): string | undefined {
  const snake = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return CUSTOM_EVENT_NAME.test(snake) && snake.length <= CUSTOM_EVENT_LIMITS.nameLength ? snake : undefined;
}
