import { CUSTOM_EVENT_LIMITS, CUSTOM_EVENT_NAME } from '../contracts/custom-events.ts';
import { isKnownEventName } from '../contracts/customer.ts';

/** What a track event whose snake_case name is a known event's is named instead. */
export const KNOWN_NAME_PREFIX = 'segment_';

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

/**
 * The custom event a track call of this name becomes when the settings do not map it. A name
 * whose snake_case form is a known event's ("Unsubscribe", "signup", "Email Bounced") stays a
 * custom event under KNOWN_NAME_PREFIX: a client's event named so must not unsubscribe anyone,
 * sign anyone up or suppress a channel. segment.tracks maps a name onto a known event on purpose.
 */
export function customTrackName(name: string): string | undefined {
  const snake = snakeCaseEventName(name);
  if (snake === undefined || !isKnownEventName(snake)) return snake;
  const prefixed = `${KNOWN_NAME_PREFIX}${snake}`;
  return prefixed.length <= CUSTOM_EVENT_LIMITS.nameLength ? prefixed : undefined;
}
