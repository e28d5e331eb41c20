import type { AttributeCondition, Condition, EventCondition } from '../schema/index.ts';
import type { AttributeDimension, EventDimensions, SegmentDimensions } from './dimensions-input.ts';
import {
  type CustomEventUse,
  mapEventName,
  metricOperator,
  propertyFilters,
  propertyName,
} from './events.ts';
import type { PinpointSegment } from './export-input.ts';
import type { SimpleCondition } from './journey-input.ts';

/** A condition as far as it maps, what of it could not, and what a reader should know. */
export interface Mapped<T> {
  readonly value?: T;
  readonly lost: readonly string[];
  readonly notes: readonly string[];
}

export interface ConditionContext {
  readonly segments: ReadonlyMap<string, PinpointSegment>;
  /** How far back an event counts: the split's evaluation window, or since the journey began. */
  readonly window: { readonly within: string } | { readonly since: 'entry' };
  /** The send step a message activity became, for conditions on its delivery events. */
  readonly stepOf: (activityId: string) => string | undefined;
  /** Collects the custom events conditions use, for the event catalog. */
  readonly useEvent: (use: CustomEventUse) => void;
}

/** Every part must hold (or any, with "or"); one part stands alone. */
export function combine(parts: readonly Condition[], how: 'and' | 'or'): Condition | undefined {
  if (parts.length <= 1) return parts[0];
  return how === 'and' ? { and: [...parts] } : { or: [...parts] };
}

/** Profile attributes keep their Pinpoint names, but for the first and last name, which templates name. */
export function attributeName(name: string): string {
  if (name === 'FirstName') return 'first_name';
  if (name === 'LastName') return 'last_name';
  return propertyName(name);
}

function attributeCondition(name: string, dimension: AttributeDimension): Condition | undefined {
  const attribute = attributeName(name);
  const values = dimension.Values;
  const one = (op: AttributeCondition['op'], value: string | undefined): AttributeCondition => ({
    attribute,
    op,
    value: value ?? '',
  });
  switch (dimension.AttributeType ?? 'INCLUSIVE') {
    case 'INCLUSIVE':
      return values.length === 1 ? one('eq', values[0]) : { attribute, op: 'in', value: [...values] };
    case 'EXCLUSIVE':
      return {
        not: values.length === 1 ? one('eq', values[0]) : { attribute, op: 'in', value: [...values] },
      };
    case 'BEFORE':
      return one('lt', values[0]);
    case 'AFTER':
      return one('gt', values[0]);
    case 'BETWEEN':
      return { and: [one('gte', values[0]), one('lte', values[1])] };
    default:
      return undefined;
  }
}

/** A segment's dimensions over profile attributes; Pinpoint's endpoint, device and place criteria are reported. */
export function segmentDimensions(dimensions: SegmentDimensions): Mapped<Condition> {
  const parts: Condition[] = [];
  const lost: string[] = [];
  const notes: string[] = [];
  const attributes = { ...(dimensions.Attributes ?? {}), ...(dimensions.UserAttributes ?? {}) };
  for (const [name, dimension] of Object.entries(attributes)) {
    const condition = attributeCondition(name, dimension);
    if (condition) parts.push(condition);
    else lost.push(`attribute ${name} ${dimension.AttributeType} has no comparison here`);
    if (['BEFORE', 'AFTER', 'BETWEEN'].includes(dimension.AttributeType ?? ''))
      notes.push(`attribute ${name} is compared as text: it must hold ISO 8601 times`);
  }
  for (const [name, metric] of Object.entries(dimensions.Metrics ?? {}))
    parts.push({
      attribute: attributeName(name),
      op: metricOperator(metric.ComparisonOperator),
      value: metric.Value,
    });
  if (dimensions.Behavior?.Recency)
    lost.push(
      `endpoint recency (${dimensions.Behavior.Recency.RecencyType} within ${dimensions.Behavior.Recency.Duration}) is Pinpoint's record of endpoint activity`,
    );
  for (const key of Object.keys(dimensions.Demographic ?? {}))
    lost.push(
      `device criterion Demographic.${key} describes Pinpoint endpoints, which profiles here do not have`,
    );
  if (dimensions.Location?.Country)
    lost.push('Location.Country: profiles have no country; keep it in an attribute and compare that');
  if (dimensions.Location?.GPSPoint) lost.push('Location.GPSPoint: profiles have no location');
  const value = combine(parts, 'and');
  return { ...(value ? { value } : {}), lost, notes };
}

/** A segment by id, from the exported segments: its dimensions, or its groups over them and other segments. */
export function segmentCondition(segmentId: string, context: ConditionContext, depth = 0): Mapped<Condition> {
  const segment = context.segments.get(segmentId);
  if (!segment)
    return { lost: [`segment ${segmentId} is not among the exported segments (--segments)`], notes: [] };
  const label = segment.Name ? `"${segment.Name}" (${segmentId})` : segmentId;
  if (segment.SegmentType === 'IMPORT')
    return {
      lost: [
        `segment ${label} is an imported list of endpoints; load those customers, tag them, and segment on the tag`,
      ],
      notes: [],
    };
  if (segment.Dimensions) return segmentDimensions(segment.Dimensions);
  const groups = segment.SegmentGroups?.Groups ?? [];
  const lost: string[] = [];
  const notes: string[] = [];
  const mapped = groups.flatMap((group) => {
    const parts: Condition[] = [];
    for (const dimensions of group.Dimensions ?? []) {
      const part = segmentDimensions(dimensions);
      lost.push(...part.lost);
      notes.push(...part.notes);
      if (part.value) parts.push(part.value);
    }
    const sources = (group.SourceSegments ?? []).flatMap((source) => {
      if (depth > 4) {
        lost.push(`segment ${source.Id} is nested too deep to follow`);
        return [];
      }
      const part = segmentCondition(source.Id, context, depth + 1);
      lost.push(...part.lost);
      notes.push(...part.notes);
      return part.value ? [part.value] : [];
    });
    const dims =
      group.Type === 'NONE' ? combine(parts, 'or') : combine(parts, group.Type === 'ANY' ? 'or' : 'and');
    const source = combine(sources, group.SourceType === 'ALL' ? 'and' : 'or');
    const both = [group.Type === 'NONE' && dims ? { not: dims } : dims, source].filter(
      (part): part is Condition => part !== undefined,
    );
    const condition = combine(both, 'and');
    return condition ? [condition] : [];
  });
  const include = segment.SegmentGroups?.Include ?? 'ALL';
  const joined = combine(mapped, include === 'ALL' ? 'and' : 'or');
  const value = include === 'NONE' && joined ? { not: joined } : joined;
  return { ...(value ? { value } : {}), lost, notes };
}

/** Whether the participant did one of the event types, within the window, with the attributes and metrics. */
export function eventCondition(
  dimensions: EventDimensions | undefined,
  messageActivity: string | undefined,
  context: ConditionContext,
): Mapped<Condition> {
  const types = dimensions?.EventType?.Values ?? [];
  if (types.length === 0) return { lost: ['an event condition without an EventType'], notes: [] };
  const filters = propertyFilters(dimensions);
  const lost = [...filters.lost.map((what) => `event ${what} has no property comparison here`)];
  const notes: string[] = [];
  const step = messageActivity === undefined ? undefined : context.stepOf(messageActivity);
  if (messageActivity !== undefined && step === undefined)
    lost.push(`MessageActivity ${messageActivity} is not a message activity of this journey`);
  const events = types.flatMap((type): EventCondition[] => {
    const mapped = mapEventName(type);
    if (!mapped.ok) {
      lost.push(mapped.why);
      return [];
    }
    if (mapped.note) notes.push(mapped.note);
    if (mapped.custom) context.useEvent({ name: mapped.name, pinpointName: type, properties: filters.types });
    const bySender =
      step !== undefined && !mapped.custom ? [{ property: 'stepId', op: 'eq' as const, value: step }] : [];
    const where = [...filters.where, ...bySender];
    return [{ event: mapped.name, ...context.window, ...(where.length > 0 ? { where } : {}) }];
  });
  const any = combine(events, 'or');
  const value = any && dimensions?.EventType?.DimensionType === 'EXCLUSIVE' ? { not: any } : any;
  return { ...(value ? { value } : {}), lost, notes };
}

/** One of a split's conditions: an event, a segment's membership, or segment dimensions. An empty one maps to nothing. */
export function simpleCondition(condition: SimpleCondition, context: ConditionContext): Mapped<Condition> {
  const parts: Mapped<Condition>[] = [];
  if (condition.EventCondition)
    parts.push(
      eventCondition(condition.EventCondition.Dimensions, condition.EventCondition.MessageActivity, context),
    );
  if (condition.SegmentCondition) parts.push(segmentCondition(condition.SegmentCondition.SegmentId, context));
  if (condition.SegmentDimensions) parts.push(segmentDimensions(condition.SegmentDimensions));
  const value = combine(
    parts.flatMap((part) => (part.value ? [part.value] : [])),
    'and',
  );
  return {
    ...(value ? { value } : {}),
    lost: parts.flatMap((part) => part.lost),
    notes: parts.flatMap((part) => part.notes),
  };
}
