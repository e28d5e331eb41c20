import { normalizePhone } from '../import/phone.ts';
import { DEFAULT_SEGMENT_TRAITS, type SegmentSettings } from '../schema/segment-settings.ts';

/** A problem with a call, at the path the sender wrote it. */
export interface CallProblem {
  readonly path: string;
  readonly message: string;
}

/** Part of an event made from a call: its properties, where each came from, and what was wrong. */
export interface MappedProperties {
  readonly properties: Record<string, unknown>;
  /** Our property path (from the event's root) → the call's path. */
  readonly sources: Record<string, string>;
  readonly problems: CallProblem[];
}

/** A field of the object itself, never one it inherits ("constructor", say). */
export const own = (object: Readonly<Record<string, unknown>>, key: string): unknown =>
  Object.hasOwn(object, key) ? object[key] : undefined;

/** Traits that set a profile field, or name the customer, rather than becoming attributes. */
const PROFILE_TRAITS = new Set(['email', 'phone', 'timezone', 'id', 'userId']);

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * The properties of signup or profile_updated from identify traits (or Signed Up's properties):
 * email, phone (as E.164) and time zone set the profile's fields, and the other traits whose
 * value is a string, number or boolean become attributes, renamed as the settings say. An object
 * or list (an address, say) is not kept: the profile's attributes are flat.
 */
export function profileProperties(
  source: Readonly<Record<string, unknown>>,
  prefix: 'traits' | 'properties',
  settings: SegmentSettings,
  context: Readonly<Record<string, unknown>> = {},
): MappedProperties {
  const properties: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  const problems: CallProblem[] = [];
  const email = own(source, 'email');
  if (email !== undefined && email !== null) {
    properties.email = email;
    sources['properties.email'] = `${prefix}.email`;
  }
  const phone = own(source, 'phone');
  if (typeof phone === 'string' || typeof phone === 'number') {
    const reading = normalizePhone(String(phone), settings.phone_region);
    if (reading.ok) properties.phone = reading.value;
    else problems.push({ path: `${prefix}.phone`, message: `expected ${reading.expected}` });
  } else if (phone !== undefined && phone !== null)
    problems.push({ path: `${prefix}.phone`, message: 'expected a phone number as a string' });
  // Segment's libraries put the device's zone in context.timezone; a trait of its own wins.
  const timezone = own(source, 'timezone') ?? own(context, 'timezone');
  if (timezone !== undefined && timezone !== null) {
    properties.timezone = timezone;
    sources['properties.timezone'] =
      own(source, 'timezone') !== undefined ? `${prefix}.timezone` : 'context.timezone';
  }
  const renames = { ...DEFAULT_SEGMENT_TRAITS, ...settings.traits };
  const attributes: Record<string, string | number | boolean> = {};
  for (const [trait, value] of Object.entries(source)) {
    if (PROFILE_TRAITS.has(trait) || trait === '__proto__' || !isScalar(value)) continue;
    const name = Object.hasOwn(renames, trait) ? (renames[trait] as string) : trait;
    if (name.length === 0 || name.length > 64) continue;
    attributes[name] = value;
    sources[`properties.attributes.${name}`] = `${prefix}.${trait}`;
  }
  if (Object.keys(attributes).length > 0) {
    properties.attributes = attributes;
    sources['properties.attributes'] = prefix;
  }
  return { properties, sources, problems };
}
