import { KNOWN_EVENTS } from '../contracts/customer.ts';
import type { PropertyType } from '../schema/event-catalog.ts';
import type { PropertyCondition } from '../schema/index.ts';
import type { AttributeDimension, EventDimensions, MetricDimension } from './dimensions-input.ts';

/**
 * Pinpoint's own events (SYSTEM filters and message activity) and the Mobile Analytics names, as
 * the events of this system that stand for the same thing. A name not here is the app's own
 * custom event, written in snake_case.
 */
const STANDARD_EVENTS: Readonly<Record<string, string>> = {
  '_email.send': 'email_delivered',
  '_email.delivered': 'email_delivered',
  '_email.open': 'email_opened',
  '_email.click': 'email_clicked',
  '_email.hardbounce': 'email_bounced',
  '_email.softbounce': 'email_bounced',
  '_email.complaint': 'email_complained',
  '_email.unsubscribe': 'unsubscribe',
  '_SMS.SUCCESS': 'sms_delivered',
  '_SMS.FAILURE': 'sms_failed',
  '_SMS.OPTOUT': 'unsubscribe',
  '_monetization.purchase': 'purchase',
  '_userauth.sign_up': 'signup',
  '_inapp.message_displayed': 'in_app_opened',
};

/** Pinpoint events with nothing like them here: sessions, pushes' opens, journey and campaign events. */
const UNSUPPORTED = /^_(session|push|campaign|journey|custom|inapp|userauth|monetization|email|SMS)\./;

/** Names that mean an event this system knows, written another way: "AddToCart" is add_to_cart. */
const KNOWN = new Set<string>(KNOWN_EVENTS);

export type EventMapping =
  | { readonly ok: true; readonly name: string; readonly custom: boolean; readonly note?: string }
  | { readonly ok: false; readonly why: string };

export function snakeCase(name: string): string {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(snake) ? snake.slice(0, 64) : `event_${snake}`.slice(0, 64);
}

/** The event of this system a Pinpoint event type stands for. */
export function mapEventName(pinpoint: string): EventMapping {
  const standard = STANDARD_EVENTS[pinpoint];
  if (standard)
    return { ok: true, name: standard, custom: false, note: `Pinpoint's ${pinpoint} is ${standard} here` };
  if (UNSUPPORTED.test(pinpoint))
    return {
      ok: false,
      why: `Pinpoint's own event ${pinpoint} has no counterpart among this system's events`,
    };
  const name = snakeCase(pinpoint);
  return { ok: true, name, custom: !KNOWN.has(name) };
}

/** A custom event a journey uses, with the properties its filters compare, for the event catalog. */
export interface CustomEventUse {
  readonly name: string;
  readonly pinpointName: string;
  readonly properties: ReadonlyMap<string, PropertyType>;
}

const OPERATORS: Readonly<Record<MetricDimension['ComparisonOperator'], PropertyCondition['op']>> = {
  GREATER_THAN: 'gt',
  GREATER_THAN_OR_EQUAL: 'gte',
  LESS_THAN: 'lt',
  LESS_THAN_OR_EQUAL: 'lte',
  EQUAL: 'eq',
};

export const metricOperator = (operator: MetricDimension['ComparisonOperator']) => OPERATORS[operator];

/** A name Pinpoint allows that a property path here cannot be: "cart-value" becomes "cart_value". */
export function propertyName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]+/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

export interface PropertyFilters {
  readonly where: PropertyCondition[];
  /** Property → its JSON type, for the catalog. */
  readonly types: Map<string, PropertyType>;
  /** What could not be written as a property condition. */
  readonly lost: string[];
}

/** An event filter's attribute and metric dimensions as property conditions, all of which must hold. */
export function propertyFilters(dimensions: EventDimensions | undefined): PropertyFilters {
  const where: PropertyCondition[] = [];
  const types = new Map<string, PropertyType>();
  const lost: string[] = [];
  for (const [name, dimension] of Object.entries(dimensions?.Attributes ?? {})) {
    const property = propertyName(name);
    const conditions = attributeConditions(property, dimension);
    if (conditions === undefined) lost.push(`attribute ${name} (${dimension.AttributeType ?? 'INCLUSIVE'})`);
    else {
      where.push(...conditions);
      types.set(property, 'string');
    }
  }
  for (const [name, metric] of Object.entries(dimensions?.Metrics ?? {})) {
    const property = propertyName(name);
    where.push({ property, op: metricOperator(metric.ComparisonOperator), value: metric.Value });
    types.set(property, 'number');
  }
  return { where, types, lost };
}

/** INCLUSIVE: one of the values; EXCLUSIVE: none of them. The date and substring types have no property form. */
function attributeConditions(
  property: string,
  dimension: AttributeDimension,
): PropertyCondition[] | undefined {
  const values = dimension.Values;
  const type = dimension.AttributeType ?? 'INCLUSIVE';
  if (type === 'INCLUSIVE')
    return values.length === 1
      ? [{ property, op: 'eq', value: values[0] ?? '' }]
      : [{ property, op: 'in', value: values }];
  if (type === 'EXCLUSIVE') return values.map((value) => ({ property, op: 'ne' as const, value }));
  return undefined;
}
