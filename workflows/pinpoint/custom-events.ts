import type { PropertyType } from '../schema/event-catalog.ts';
import type { CustomEventUse } from './events.ts';

/** One declaration per event, with every property any of its uses compared. */
export function mergeEvents(uses: readonly CustomEventUse[]): CustomEventUse[] {
  const byName = new Map<string, { pinpointName: string; properties: Map<string, PropertyType> }>();
  for (const use of uses) {
    const known = byName.get(use.name) ?? { pinpointName: use.pinpointName, properties: new Map() };
    for (const [name, type] of use.properties) known.properties.set(name, type);
    byName.set(use.name, known);
  }
  return [...byName].map(([name, { pinpointName, properties }]) => ({ name, pinpointName, properties }));
}

/** The catalog's declaration of an imported custom event, as the YAML of events.catalog.yaml reads it. */
export function catalogEntry(use: CustomEventUse): {
  description: string;
  properties?: Record<string, { type: PropertyType; optional: true }>;
} {
  const properties = Object.fromEntries(
    [...use.properties]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, type]) => [name, { type, optional: true as const }]),
  );
  return {
    description: `The Pinpoint event ${use.pinpointName}, as the app sends it to the events API.`,
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
  };
}
