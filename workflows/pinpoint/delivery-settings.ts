import type { JourneyInput, OpeningWindow, Weekday } from '../schema/index.ts';
import type { Decision } from './import-report.ts';
import { convertDuration } from './iso-duration.ts';
import type { PinpointJourney } from './journey-input.ts';

type Decide = (decision: Decision) => void;
type Settings = Pick<JourneyInput, 'limits' | 'quiet_hours' | 'opening_hours' | 'entry'>;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** OpenHours times are "ISO 8601" in the API reference: "09:00", or "09:00:00" with whole minutes. */
const clockTime = (text: string | undefined) => {
  const match = /^(([01]\d|2[0-3]):[0-5]\d)(?::00)?$/.exec(text ?? '');
  return match?.[1];
};

/** Limits: the per-customer caps, the re-entry rules and the send rate. Zero means no limit in Pinpoint. */
export function mapLimits(journey: PinpointJourney, decide: Decide): Pick<Settings, 'limits' | 'entry'> {
  const limits = journey.Limits ?? {};
  const mapped: NonNullable<JourneyInput['limits']> = {};
  const say = (subject: string, outcome: Decision['outcome'], detail: string, field: string) =>
    decide({ subject: `Limits.${subject}`, outcome, detail, field });
  if (limits.DailyCap) {
    mapped.messages_per_day = limits.DailyCap;
    say(
      'DailyCap',
      'approximated',
      `limits.messages_per_day ${limits.DailyCap}, counted per calendar day in the customer's time zone rather than any 24 hours`,
      'limits',
    );
  }
  const frame = limits.TimeframeCap;
  if (frame?.Cap && frame.Days) {
    // The language counts at most 30 days back: a longer timeframe keeps its cap over 30 days.
    const days = Math.min(frame.Days, 30);
    mapped.messages_within = { count: frame.Cap, days };
    // The API reference has TimeframeCap.Cap count what "all journeys" send to an endpoint.
    say(
      'TimeframeCap',
      'approximated',
      `limits.messages_within: at most ${frame.Cap} of this journey's messages in any ${days} days${days === frame.Days ? '' : ` (Pinpoint counted ${frame.Days} days; 30 is the longest timeframe here)`}; Pinpoint's API reference counts the messages of all journeys, which here only the deployment's daily frequency cap does`,
      'limits',
    );
  }
  if (limits.TotalCap) {
    mapped.messages_total = limits.TotalCap;
    say(
      'TotalCap',
      'mapped',
      `limits.messages_total ${limits.TotalCap}: messages of this journey to one customer, ever`,
      'limits',
    );
  }
  if (limits.MessagesPerSecond) {
    mapped.send_rate = limits.MessagesPerSecond;
    say(
      'MessagesPerSecond',
      'mapped',
      `limits.send_rate ${limits.MessagesPerSecond} a second, on top of each channel's rate`,
      'limits',
    );
  }
  const cap = limits.EndpointReentryCap;
  const interval = limits.EndpointReentryInterval
    ? convertDuration(limits.EndpointReentryInterval)
    : undefined;
  let entry: JourneyInput['entry'];
  if (cap === 1 || (cap === undefined && interval === undefined)) {
    entry = { reentry: 'never' };
    say(
      'EndpointReentryCap',
      'mapped',
      cap === 1
        ? 'entry.reentry: never (one entry per customer)'
        : 'none given: entry.reentry never, each customer enters once',
      'entry',
    );
  } else {
    const after = interval && interval.seconds >= 60 ? interval.text : '1m';
    entry = { reentry: { after }, ...(cap ? { max_entries: cap } : {}) };
    say(
      'EndpointReentryCap',
      'mapped',
      `${cap ? `entry.max_entries ${cap}` : 'no cap on entries'}, again after ${after}${interval ? ` (EndpointReentryInterval ${limits.EndpointReentryInterval})` : ': Pinpoint set no interval, and a re-entry here needs a cooldown'}`,
      'entry',
    );
  }
  return { ...(Object.keys(mapped).length > 0 ? { limits: mapped } : {}), entry };
}

const WEEKDAY: Readonly<Record<string, Weekday>> = {
  MONDAY: 'mon',
  TUESDAY: 'tue',
  WEDNESDAY: 'wed',
  THURSDAY: 'thu',
  FRIDAY: 'fri',
  SATURDAY: 'sat',
  SUNDAY: 'sun',
};
const CHANNEL: Readonly<Record<string, 'email' | 'sms' | 'push' | 'webhook'>> = {
  EMAIL: 'email',
  SMS: 'sms',
  PUSH: 'push',
  CUSTOM: 'webhook',
};

/** QuietTime, OpenHours and ClosedDays, in the customer's zone as in Pinpoint. */
export function mapHours(
  journey: PinpointJourney,
  decide: Decide,
): Pick<Settings, 'quiet_hours' | 'opening_hours'> {
  const settings: Pick<Settings, 'quiet_hours' | 'opening_hours'> = {};
  const quiet = journey.QuietTime;
  if (
    quiet?.Start &&
    quiet.End &&
    HHMM.test(quiet.Start) &&
    HHMM.test(quiet.End) &&
    quiet.Start !== quiet.End
  ) {
    settings.quiet_hours = { start: quiet.Start, end: quiet.End };
    decide({
      subject: 'QuietTime',
      outcome: 'mapped',
      detail: `quiet_hours ${quiet.Start}-${quiet.End} in each customer's zone`,
      field: 'quiet_hours',
    });
  } else if (quiet?.Start || quiet?.End)
    decide({
      subject: 'QuietTime',
      outcome: 'lost',
      detail: `${JSON.stringify(quiet)} is not a Start and an End as "HH:MM"`,
      field: 'quiet_hours',
    });
  if (journey.WaitForQuietTime === false && settings.quiet_hours)
    decide({
      subject: 'WaitForQuietTime',
      outcome: 'lost',
      detail:
        'Pinpoint let participants go on past a message due in quiet time; here the message waits for the end of the quiet hours',
      field: 'quiet_hours',
    });
  const open = journey.OpenHours ?? {};
  if (Object.keys(open).length > 0 && journey.SendingSchedule !== true)
    decide({
      subject: 'OpenHours',
      outcome: 'mapped',
      detail: 'SendingSchedule is not true, so Pinpoint did not apply them: left out',
    });
  else {
    const opening: NonNullable<JourneyInput['opening_hours']> = {};
    for (const [pinpointChannel, days] of Object.entries(open)) {
      const channel = CHANNEL[pinpointChannel];
      if (!channel) {
        decide({
          subject: `OpenHours.${pinpointChannel}`,
          outcome: 'lost',
          detail: 'there is no voice channel here',
          field: 'opening_hours',
        });
        continue;
      }
      const windows = openingWindows(days ?? {}, pinpointChannel, decide);
      if (windows.length > 0) opening[channel] = windows;
    }
    if (Object.keys(opening).length > 0) {
      settings.opening_hours = opening;
      decide({
        subject: 'OpenHours',
        outcome: 'mapped',
        detail: `opening_hours for ${Object.keys(opening).join(', ')}, in each customer's zone`,
        field: 'opening_hours',
      });
    }
  }
  for (const [pinpointChannel, closed] of Object.entries(journey.ClosedDays ?? {}))
    if ((closed ?? []).length > 0)
      decide({
        subject: `ClosedDays.${pinpointChannel}`,
        outcome: 'lost',
        detail: `${(closed ?? []).map((day) => day.Name ?? day.StartDateTime).join(', ')}: closed dates are not in the language; pause the journey then, or narrow its opening hours`,
        field: 'opening_hours',
      });
  return settings;
}

function openingWindows(
  days: Readonly<Record<string, readonly { StartTime?: string; EndTime?: string }[]>>,
  channel: string,
  decide: Decide,
): OpeningWindow[] {
  // Windows with the same hours on several days become one window with those days.
  const byHours = new Map<string, Weekday[]>();
  for (const [day, rules] of Object.entries(days)) {
    const weekday = WEEKDAY[day];
    for (const rule of rules) {
      const start = clockTime(rule.StartTime);
      const end = clockTime(rule.EndTime);
      if (!weekday || !start || !end || start >= end) {
        decide({
          subject: `OpenHours.${channel}.${day}`,
          outcome: 'lost',
          detail: `${JSON.stringify(rule)} is not a StartTime before an EndTime as "HH:MM" or "HH:MM:00"`,
          field: 'opening_hours',
        });
        continue;
      }
      const key = `${start}-${end}`;
      byHours.set(key, [...(byHours.get(key) ?? []), weekday]);
    }
  }
  return [...byHours].map(([hours, weekdays]) => {
    const [start = '', end = ''] = hours.split('-');
    return { days: weekdays, start, end };
  });
}
