import { momentText } from '../diagram/diagram-graph.ts';
import type { Journey } from '../schema/index.ts';

/** The journey's limits, hours, entry count and audience refresh in one line; empty when it has none. */
export function settingsText(journey: Journey): string {
  const { limits, quiet_hours: quiet, opening_hours: opening } = journey;
  const parts: string[] = [];
  if (limits?.messages_per_day !== undefined) parts.push(`at most ${limits.messages_per_day} a day`);
  if (limits?.messages_within !== undefined)
    parts.push(`at most ${limits.messages_within.count} in ${limits.messages_within.days} days`);
  if (limits?.messages_total !== undefined) parts.push(`at most ${limits.messages_total} ever`);
  if (limits?.send_rate !== undefined) parts.push(`${limits.send_rate} messages/s`);
  if (journey.entry.max_entries !== undefined) parts.push(`at most ${journey.entry.max_entries} entries`);
  if (quiet) parts.push(`quiet ${quiet.start}-${quiet.end}`);
  for (const [channel, windows] of Object.entries(opening ?? {})) {
    const text = (windows ?? []).map((window) => `${window.days.join(',')} ${window.start}-${window.end}`);
    if (text.length > 0) parts.push(`${channel} open ${text.join('; ')}`);
  }
  const trigger = journey.trigger;
  if (trigger.kind === 'schedule' && trigger.refresh) {
    const until = trigger.refresh.until === undefined ? '' : ` until ${momentText(trigger.refresh.until)}`;
    parts.push(`audience refreshed every ${trigger.refresh.every}${until}`);
  }
  return parts.join(' · ');
}
