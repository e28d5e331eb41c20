import type { DeclaredEvent, DeclaredEvents, DeclaredProperty } from '../contracts/declared-events.ts';
import type { Condition, Journey, PropertyCondition, PropertyType, Scalar } from '../schema/index.ts';
import type { DocumentPath, Violation } from './violation.ts';

/** Where the fix for an unknown custom event goes, in the words of the messages. */
const CATALOG_FILE = 'events.catalog.yaml';

/**
 * Every place a journey names an event or an event property, checked against the declared
 * events: the trigger and its filter, wait_for and its where, the goal and its where, event
 * conditions (branches, entry.only, audience segments), and from_run.without_event. A name the
 * catalog does not declare could never match, so it is refused, as is a filter value of the
 * wrong type.
 */
export function eventViolations(journey: Journey, events: DeclaredEvents): Violation[] {
  const violations: Violation[] = [];
  const use = (
    event: string,
    path: DocumentPath,
    filters: readonly PropertyCondition[] = [],
    filterPath = path,
  ) => {
    const declared = events.get(event);
    if (!declared) {
      violations.push(unknownEvent(event, path, events));
      return;
    }
    filters.forEach((filter, index) => {
      violations.push(...filterViolations(event, declared, filter, [...filterPath, index]));
    });
  };
  const trigger = journey.trigger;
  if (trigger.kind === 'event')
    use(trigger.event, ['trigger', 'event'], trigger.filter, ['trigger', 'filter']);
  else {
    if (trigger.audience.segment)
      conditionEvents(trigger.audience.segment, ['trigger', 'audience', 'segment'], use);
    const without = trigger.audience.from_run?.without_event;
    if (without !== undefined) use(without, ['trigger', 'audience', 'from_run', 'without_event']);
  }
  if (journey.entry.only) conditionEvents(journey.entry.only, ['entry', 'only'], use);
  if (journey.goal) use(journey.goal.event, ['goal', 'event'], journey.goal.where, ['goal', 'where']);
  journey.steps.forEach((step, index) => {
    if (step.kind === 'wait_for')
      use(step.event, ['steps', index, 'event'], step.where, ['steps', index, 'where']);
    if (step.kind === 'branch')
      step.cases.forEach((branchCase, caseIndex) => {
        conditionEvents(branchCase.when, ['steps', index, 'cases', caseIndex, 'when'], use);
      });
  });
  return violations;
}

type Use = (
  event: string,
  path: DocumentPath,
  filters?: readonly PropertyCondition[],
  filterPath?: DocumentPath,
) => void;

function conditionEvents(condition: Condition, path: DocumentPath, use: Use): void {
  if ('and' in condition)
    condition.and.forEach((part, index) => {
      conditionEvents(part, [...path, 'and', index], use);
    });
  else if ('or' in condition)
    condition.or.forEach((part, index) => {
      conditionEvents(part, [...path, 'or', index], use);
    });
  else if ('not' in condition) conditionEvents(condition.not, [...path, 'not'], use);
  else if ('event' in condition)
    use(condition.event, [...path, 'event'], condition.where, [...path, 'where']);
}

function unknownEvent(event: string, path: DocumentPath, events: DeclaredEvents): Violation {
  const names = [...events.keys()].sort();
  return {
    code: 'event.unknown_event',
    path,
    message: `no event "${event}"${meant(event, names)}; expected one of: ${names.join(', ')}; or declare a custom event under events in ${CATALOG_FILE}`,
  };
}

/** " (did you mean …?)" for a name one or two edits from a candidate, or spelled another case. */
function meant(name: string, candidates: readonly string[]): string {
  const plain = (text: string) => text.toLowerCase().replace(/[_-]/g, '');
  const close = candidates.find(
    (candidate) =>
      plain(candidate) === plain(name) || editDistance(candidate, name) <= Math.min(2, name.length / 4),
  );
  return close ? ` (did you mean "${close}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (const [i, charA] of [...a].entries()) {
    const current = [i + 1];
    for (const [j, charB] of [...b].entries())
      current.push(
        Math.min(
          (previous[j + 1] ?? 0) + 1,
          (current[j] ?? 0) + 1,
          (previous[j] ?? 0) + (charA === charB ? 0 : 1),
        ),
      );
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The property a dotted path names, or why it names none. */
type Lookup =
  | { readonly found: DeclaredProperty | undefined }
  | { readonly missing: string; readonly siblings: readonly string[]; readonly under?: string }
  | { readonly notObject: string; readonly property: DeclaredProperty };

function lookUp(properties: ReadonlyMap<string, DeclaredProperty>, path: string): Lookup {
  const parts = path.split('.');
  let level: ReadonlyMap<string, DeclaredProperty> = properties;
  for (const [index, part] of parts.entries()) {
    const prefix = parts.slice(0, index).join('.');
    const property = level.get(part);
    if (!property)
      return {
        missing: path,
        siblings: [...level.keys()].map((name) => (prefix ? `${prefix}.${name}` : name)),
        ...(prefix ? { under: prefix } : {}),
      };
    if (index === parts.length - 1) return { found: property };
    if (!property.types.has('object')) return { notObject: parts.slice(0, index + 1).join('.'), property };
    // An object whose keys are free accepts any path below it.
    if (!property.properties) return { found: undefined };
    level = property.properties;
  }
  return { found: undefined };
}

function filterViolations(
  event: string,
  declared: DeclaredEvent,
  filter: PropertyCondition,
  path: DocumentPath,
): Violation[] {
  const lookup = lookUp(declared.properties, filter.property);
  if ('missing' in lookup) {
    const where =
      declared.source === 'catalog'
        ? ` (declare it under events.${event}.properties in ${CATALOG_FILE})`
        : '';
    const expected =
      lookup.siblings.length > 0
        ? `expected one of: ${lookup.siblings.join(', ')}${where}`
        : `it declares no properties${lookup.under ? ` under "${lookup.under}"` : ''}${where}`;
    return [
      {
        code: 'event.unknown_property',
        path: [...path, 'property'],
        message: `event "${event}" has no property "${filter.property}"${meant(filter.property, lookup.siblings)}; ${expected}`,
      },
    ];
  }
  if ('notObject' in lookup)
    return [
      {
        code: 'event.unknown_property',
        path: [...path, 'property'],
        message: `event "${event}" has no property "${filter.property}": "${lookup.notObject}" is ${typeText(lookup.property)}, not an object`,
      },
    ];
  const property = lookup.found;
  if (!property || filter.op === 'exists' || filter.value === undefined) return [];
  const values = Array.isArray(filter.value) ? filter.value : [filter.value];
  return values.flatMap((value, index) => {
    const problem = valueProblem(value, property);
    if (!problem) return [];
    const valuePath = Array.isArray(filter.value) ? [...path, 'value', index] : [...path, 'value'];
    return [
      {
        code: 'event.property_type',
        path: valuePath,
        message: `property "${filter.property}" of event "${event}" is ${typeText(property)}; ${problem}`,
      },
    ];
  });
}

function valueProblem(value: Scalar, property: DeclaredProperty): string | undefined {
  const type = typeof value as 'string' | 'number' | 'boolean';
  if (!property.types.has(type)) {
    const scalars = [...property.types].filter((candidate) => !['object', 'array'].includes(candidate));
    if (scalars.length === 0)
      return `a filter compares a single value: compare one of its ${property.types.has('array') ? 'items' : 'properties'} instead`;
    return `expected ${scalars.map((candidate) => `a ${candidate}`).join(' or ')} value, got ${JSON.stringify(value)}`;
  }
  if (property.values && !property.values.includes(value))
    return `expected one of: ${property.values.map((allowed) => JSON.stringify(allowed)).join(', ')}; got ${JSON.stringify(value)}`;
  return undefined;
}

const ARTICLED: Record<PropertyType, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  array: 'a list',
};

function typeText(property: DeclaredProperty): string {
  const names = [...property.types].map((type) => ARTICLED[type]);
  return names.length === 5 ? 'of any type' : names.join(' or ');
}
