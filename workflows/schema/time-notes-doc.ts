/**
 * The part of docs/journey-language.md on time: which day a limit counts in, how quiet and opening
 * hours behave when the clocks change, and when an audience refresh starts and stops.
 */
export function timeNotes(): string[] {
  return [
    '### Days, clock changes and `until`',
    '',
    "- **Days of the limits are the customer's days.** `messages_per_day` counts the messages of one calendar day",
    "  in the customer's time zone, and `messages_within` counts `days` such days, today included; the deployment's",
    '  frequency cap across journeys counts UTC days. A message is counted on the day the journey claimed it: one',
    '  deferred for its send rate into quiet hours goes out on a later day but stays counted on the day it was',
    '  claimed. A message the provider rejects is not counted.',
    "- **Quiet and opening hours are wall-clock times** in the customer's zone, also on the days the clocks change:",
    '  with quiet hours 21:00-08:00, a message due at 03:00 on the morning the clocks go back or forward goes out at',
    '  08:00 local time that day, and an opening window 09:00-18:00 opens at 09:00 local time. A time the clocks skip',
    '  (02:30 on the morning they go forward) is read an hour later, as 03:30.',
    '- **Opening hours inside quiet hours.** `journeys validate` refuses opening hours that lie wholly inside the',
    "  journey's own `quiet_hours`. A journey without `quiet_hours` takes the deployment's; when its opening hours lie",
    '  wholly inside those, the opening hours win and its messages go at the next opening.',
    '- **`refresh.until` is inclusive**: a refresh due exactly at `until` runs. The first refresh is one `every` after',
    '  `at`, so `until` must be at least `at` plus `every`. In AWS the refresh schedule starts at the next refresh more',
    '  than 5 minutes after the deploy (EventBridge Scheduler refuses a start in the past), so refreshes due before a',
    '  deploy do not run late, and a journey deployed after its last refresh gets no refresh schedule.',
    "- **Re-entry after a cooldown** is measured between the runs' scheduled times, so `refresh.every: 1d` with",
    '  `reentry.after: 1d` lets a customer enter every refresh however late each run starts.',
    '',
  ];
}
