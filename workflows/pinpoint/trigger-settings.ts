import { type Condition, DateTimeText, type JourneyInput } from '../schema/index.ts';
import { type ConditionContext, segmentCondition } from './conditions.ts';
import { type CustomEventUse, mapEventName, propertyFilters, snakeCase } from './events.ts';
import type { Decision } from './import-report.ts';
import { convertDuration } from './iso-duration.ts';
import type { PinpointJourney } from './journey-input.ts';
import { zoneOfOffset } from './timezones.ts';

/** Customers all: the audience of a journey whose segment did not map, until a person narrows it. */
const EVERYONE: Condition = { attribute: 'customerId', op: 'exists', value: true };

export interface TriggerContext {
  readonly conditions: ConditionContext;
  readonly useEvent: (use: CustomEventUse) => void;
  readonly decide: (decision: Decision) => void;
  /** When the import runs: the start of a scheduled journey without a StartTime. */
  readonly now: Date;
}

export interface MappedTrigger {
  readonly trigger: JourneyInput['trigger'];
  /** Who may enter an event journey: its segment. */
  readonly only?: Condition;
}

/** Pinpoint's moments ("2027-06-11T02:00:00.000Z") as the language writes them. */
function moment(text: string): string | undefined {
  // Pinpoint writes whole seconds with milliseconds: "….000Z" reads better as "…Z".
  if (DateTimeText.safeParse(text).success) return text.replace(/\.0+Z$/, 'Z');
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString().replace(/\.000Z$/, 'Z');
}

/** StartCondition: an event trigger with a filter, or a schedule on the segment's audience. */
export function mapTrigger(journey: PinpointJourney, context: TriggerContext): MappedTrigger {
  const start = journey.StartCondition;
  const event = start?.EventStartCondition;
  return event ? eventTrigger(journey, event, context) : scheduleTrigger(journey, context);
}

function eventTrigger(
  journey: PinpointJourney,
  start: NonNullable<NonNullable<PinpointJourney['StartCondition']>['EventStartCondition']>,
  context: TriggerContext,
): MappedTrigger {
  const { decide } = context;
  const subject = 'StartCondition.EventStartCondition';
  const dimensions = start.EventFilter?.Dimensions;
  const [first = 'journey_start', ...others] = dimensions?.EventType?.Values ?? [];
  const mapped = mapEventName(first);
  const name = mapped.ok ? mapped.name : snakeCase(first.replace(/^_/, ''));
  const filters = propertyFilters(dimensions);
  if (!mapped.ok || mapped.custom) context.useEvent({ name, pinpointName: first, properties: filters.types });
  decide({
    subject,
    outcome: 'mapped',
    detail: `an event trigger on ${name}${filters.where.length > 0 ? ` with ${filters.where.length} filter condition(s)` : ''}${mapped.ok && mapped.note ? ` (${mapped.note})` : ''}`,
    field: 'trigger',
  });
  if (!mapped.ok)
    decide({
      subject,
      outcome: 'lost',
      detail: `${mapped.why}: the trigger waits for ${name}, which the app must send to the events API`,
      field: 'trigger',
    });
  if (others.length > 0)
    decide({
      subject,
      outcome: 'lost',
      detail: `the trigger takes one event: ${others.join(', ')} also started this journey in Pinpoint; copy the journey for each`,
      field: 'trigger',
    });
  if (dimensions?.EventType?.DimensionType === 'EXCLUSIVE')
    decide({
      subject,
      outcome: 'lost',
      detail: `Pinpoint started on every event but ${first}; a trigger names the event that starts it`,
      field: 'trigger',
    });
  for (const what of filters.lost)
    decide({
      subject,
      outcome: 'lost',
      detail: `filter ${what} has no property comparison here`,
      field: 'trigger',
    });
  let only: Condition | undefined;
  if (start.SegmentId !== undefined) {
    const segment = segmentCondition(start.SegmentId, context.conditions);
    only = segment.value;
    decide({
      subject: `${subject}.SegmentId`,
      outcome: segment.value ? (segment.lost.length > 0 ? 'approximated' : 'mapped') : 'lost',
      detail: segment.value
        ? `entry.only: only customers in segment ${start.SegmentId} enter${segment.lost.length > 0 ? `; left out of it: ${segment.lost.join('; ')}` : ''}`
        : `${segment.lost.join('; ')}: every customer who does the event enters`,
      field: 'entry',
    });
  }
  if (journey.Schedule?.StartTime || journey.Schedule?.EndTime)
    decide({
      subject: 'Schedule',
      outcome: 'lost',
      detail: `Pinpoint took entries from ${journey.Schedule.StartTime ?? 'its activation'} to ${journey.Schedule.EndTime ?? 'its end'}; this journey takes entries while it is deployed`,
      field: 'trigger',
    });
  return {
    trigger: { kind: 'event', event: name, ...(filters.where.length > 0 ? { filter: filters.where } : {}) },
    ...(only ? { only } : {}),
  };
}

function scheduleTrigger(journey: PinpointJourney, context: TriggerContext): MappedTrigger {
  const { decide } = context;
  const schedule = journey.Schedule;
  const zone = zoneOfOffset(schedule?.Timezone ?? 'UTC');
  const timezone = zone.ok ? zone.zone : 'UTC';
  if (!zone.ok)
    decide({
      subject: 'Schedule.Timezone',
      outcome: 'lost',
      detail: `${zone.problem}: UTC is used`,
      field: 'trigger',
    });
  else if (schedule?.Timezone && schedule.Timezone !== 'UTC')
    decide({
      subject: 'Schedule.Timezone',
      outcome: 'approximated',
      detail: `"${schedule.Timezone}" is a fixed offset, not a zone: ${timezone}${timezone.startsWith('Etc/') ? ' (Etc zones invert the sign)' : ''}${zone.observesDst ? `, which observes daylight saving time and so leaves ${schedule.Timezone} half the year` : ''}. If the journey followed a zone with daylight saving time, such as Europe/Paris, use that zone`,
      field: 'trigger',
    });
  if (journey.LocalTime)
    decide({
      subject: 'LocalTime',
      outcome: 'approximated',
      detail: `Pinpoint started each participant at the schedule's time in their own zone, which may observe daylight saving time; this journey starts everyone at once, in ${timezone}`,
      field: 'trigger',
    });
  const at = schedule?.StartTime ? moment(schedule.StartTime) : undefined;
  if (!at)
    decide({
      subject: 'Schedule.StartTime',
      outcome: 'lost',
      detail: `${schedule?.StartTime ? `"${schedule.StartTime}" is not a moment` : 'no StartTime'}: the journey starts at the moment of the import; set "at"`,
      field: 'trigger',
    });
  const segmentId = journey.StartCondition?.SegmentStartCondition?.SegmentId;
  const segment = segmentId === undefined ? undefined : segmentCondition(segmentId, context.conditions);
  decide({
    subject: 'StartCondition.SegmentStartCondition',
    outcome: segment?.value ? (segment.lost.length > 0 ? 'approximated' : 'mapped') : 'lost',
    detail: segment?.value
      ? `a schedule trigger at ${at ?? 'the import'} in ${timezone}, on the audience of segment ${segmentId}${segment.lost.length > 0 ? `; left out of it: ${segment.lost.join('; ')}` : ''}`
      : `${segment?.lost.join('; ') ?? 'no start condition'}: the audience is every customer until a segment is written`,
    field: 'trigger',
  });
  const refreshing = refresh(journey, context);
  if (schedule?.EndTime && !refreshing.refresh)
    decide({
      subject: 'Schedule.EndTime',
      outcome: 'lost',
      detail: `Pinpoint ended the journey at ${schedule.EndTime}; a scheduled trigger here runs once, and its customers go on to the end of the steps: undeploy the journey then if it must stop`,
      field: 'trigger',
    });
  return {
    trigger: {
      kind: 'schedule',
      at: at ?? context.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      timezone,
      audience: { segment: segment?.value ?? EVERYONE },
      ...refreshing,
    },
  };
}

/** RefreshFrequency: the audience taken again on a schedule until the journey's EndTime. */
function refresh(
  journey: PinpointJourney,
  context: TriggerContext,
): { refresh?: { every: string; until?: string } } {
  if (journey.RefreshOnSegmentUpdate)
    context.decide({
      subject: 'RefreshOnSegmentUpdate',
      outcome: 'lost',
      detail: `segments here are conditions, with no updates to watch${journey.RefreshFrequency ? '; the RefreshFrequency schedule refreshes the audience' : ': set trigger.refresh to take the audience again on a schedule'}`,
      field: 'trigger',
    });
  const every = journey.RefreshFrequency ? convertDuration(journey.RefreshFrequency) : undefined;
  if (!every) return {};
  const hourly = every.seconds < 3_600;
  const text = hourly ? '1h' : every.text;
  const until = journey.Schedule?.EndTime ? moment(journey.Schedule.EndTime) : undefined;
  context.decide({
    subject: 'RefreshFrequency',
    outcome: hourly || every.approximate ? 'approximated' : 'mapped',
    detail: `trigger.refresh every ${text}${until ? ` until ${until}` : ''}: each refresh lets in who joined the segment since, under the re-entry rules${hourly ? `; ${journey.RefreshFrequency} is more often than a refresh may run (each one scans the audience)` : ''}`,
    field: 'trigger',
  });
  return { refresh: { every: text, ...(until ? { until } : {}) } };
}
