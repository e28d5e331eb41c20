import { CUSTOM_EVENT_LIMITS } from '../contracts/custom-events.ts';
import { CONTRACT_EVENTS, type DeclaredProperty } from '../contracts/declared-events.ts';

/** One property as the reference shows it: its path, its types, optional or not, and its values. */
function propertyRows(properties: ReadonlyMap<string, DeclaredProperty>, prefix = ''): string[] {
  return [...properties].flatMap(([name, property]) => {
    const path = `${prefix}${name}`;
    const types = [...property.types].join(' or ');
    const values = property.values
      ? `: ${property.values.map((value) => `\`${JSON.stringify(value)}\``).join(', ')}`
      : '';
    const own = `\`${path}\` (${types}${property.optional ? ', optional' : ''}${values})`;
    return [own, ...(property.properties ? propertyRows(property.properties, `${path}.`) : [])];
  });
}

/** The part of docs/journey-language.md about events: the catalog's purpose and the events the contract declares. */
export function eventCatalogIntro(): string[] {
  const { nameLength, propertiesBytes, depth } = CUSTOM_EVENT_LIMITS;
  return [
    'Journeys may trigger on, wait for, aim at and branch on any event: the known events below, which the events',
    `API types itself, and custom events, which it takes under any snake_case name of at most ${nameLength} characters,`,
    `with properties of any JSON shape (at most ${propertiesBytes / 1024} KB as JSON, ${depth} levels deep). A custom event a journey`,
    'names must be declared in `events.catalog.yaml` at the root of the workspace, beside `journeys/`, with the',
    'properties its filters use. `journeys validate` refuses every event, and every property of an event, that is not',
    'declared wherever a journey names one (trigger and filter, `wait_for` and `where`, goal and `where`, event',
    'conditions, `from_run.without_event`), and a filter value of another type than the property: such a journey',
    'could never match.',
    '',
  ];
}

/** The known events and their properties, read from the contract's zod schemas. */
export function knownEventsTable(): string[] {
  return [
    '| event | properties |',
    '|---|---|',
    ...[...CONTRACT_EVENTS].map(
      ([name, event]) => `| \`${name}\` | ${propertyRows(event.properties).join(', ') || 'none'} |`,
    ),
  ];
}
