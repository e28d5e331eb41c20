import { DateTime, IANAZone } from 'luxon';
import type { Campaign, Moment } from '../schema/index.ts';
import { signedDurationParts } from './duration.ts';

/** Zones found valid: there are a few hundred, and checking one builds an Intl formatter (about 0.5 ms). */
const VALID_ZONES = new Set<string>();

export function isTimeZone(name: string): boolean {
  if (VALID_ZONES.has(name)) return true;
  const valid = IANAZone.isValidZone(name);
  if (valid) VALID_ZONES.add(name);
  return valid;
}

export type MomentResolution = { ok: true; at: DateTime } | { ok: false; problem: string };

/** Reads an ISO date-time; one without an offset is wall-clock time in the zone. */
export function parseDateTime(text: string, zone: string): MomentResolution {
  const at = DateTime.fromISO(text, { zone, setZone: true });
  if (!at.isValid)
    return {
      ok: false,
      problem: `"${text}" is not a real date-time (${at.invalidExplanation ?? at.invalidReason})`,
    };
  return { ok: true, at: at.toUTC() };
}

/** Resolves an absolute or campaign-relative moment to a UTC instant. */
export function resolveMoment(
  moment: Moment,
  campaign: Campaign | undefined,
  fallbackZone: string,
): MomentResolution {
  if (typeof moment === 'string') return parseDateTime(moment, campaign?.timezone ?? fallbackZone);
  if (!campaign)
    return { ok: false, problem: `refers to campaign date "${moment.date}" but the journey has no campaign` };
  const dateText = campaign.dates[moment.date];
  if (dateText === undefined) {
    const known = Object.keys(campaign.dates);
    return {
      ok: false,
      problem: `refers to campaign date "${moment.date}", which campaign.dates does not define (known: ${known.join(', ') || 'none'})`,
    };
  }
  const base = parseDateTime(dateText, campaign.timezone);
  if (!base.ok) return base;
  // Days are calendar days in the campaign zone, so "-1d" keeps the wall-clock time across a DST change.
  let at = base.at.setZone(campaign.timezone).plus(signedDurationParts(moment.offset ?? '0d'));
  if (moment.time) {
    const [hour, minute] = moment.time.split(':').map(Number);
    at = at.set({ hour, minute, second: 0, millisecond: 0 });
  }
  return { ok: true, at: at.toUTC() };
}
