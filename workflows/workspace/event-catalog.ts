import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_EVENTS, type DeclaredEvents, declaredEvents } from '../contracts/declared-events.ts';
import type { LocatedViolation } from '../rules/violation.ts';
import { EventCatalogFile } from '../schema/event-catalog.ts';
import { parseFile } from './parse-file.ts';

/** The names the event catalog may have at the workspace root, in the order they are looked for. */
export const EVENT_CATALOG_FILES = ['events.catalog.yaml', 'events.catalog.yml', 'events.catalog.json'];

/** A workspace's event catalog: the events journeys may name, and what is wrong with the file. */
export interface LoadedEventCatalog {
  /** The file read, when the workspace has one. */
  readonly file?: string;
  /**
   * The contract's events and the file's custom ones; null while the file has violations, when
   * which events it meant to declare is unknown (its own violations say why).
   */
  readonly events: DeclaredEvents | null;
  readonly violations: readonly LocatedViolation[];
}

/** Reads events.catalog.yaml at the root; without one, only the known events are declared. */
export function loadEventCatalog(root: string): LoadedEventCatalog {
  const [file, ...others] = EVENT_CATALOG_FILES.map((name) => join(root, name)).filter((path) =>
    existsSync(path),
  );
  if (file === undefined) return { events: CONTRACT_EVENTS, violations: [] };
  const parsed = parseFile(file, EventCatalogFile);
  const ambiguous: LocatedViolation[] = others.map((other) => ({
    file: other,
    line: 1,
    column: 1,
    path: [],
    code: 'catalog.duplicate',
    message: `the workspace has two event catalogs; keep ${file} and remove this one`,
  }));
  const known = Object.keys(parsed.value?.events ?? {})
    .filter((name) => CONTRACT_EVENTS.has(name))
    .map((name) =>
      parsed.source.locate({
        code: 'catalog.known_event',
        path: ['events', name],
        at: 'key',
        message: `"${name}" is a known event: the events API declares it and its properties (${[...(CONTRACT_EVENTS.get(name)?.properties.keys() ?? [])].join(', ') || 'none'}); remove it from the catalog`,
      }),
    );
  const violations = [...parsed.violations, ...known, ...ambiguous];
  return {
    file,
    events: parsed.value && violations.length === 0 ? declaredEvents(CONTRACT_EVENTS, parsed.value) : null,
    violations,
  };
}
