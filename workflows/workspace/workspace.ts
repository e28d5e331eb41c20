import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type Catalog, journeyViolations } from '../rules/index.ts';
import type { LocatedViolation } from '../rules/violation.ts';
import { Journey, Offer, Template } from '../schema/index.ts';
import { type LoadedEventCatalog, loadEventCatalog } from './event-catalog.ts';
import { type ParsedFile, parseFile } from './parse-file.ts';
import { checkTemplateFile } from './template-file.ts';
import {
  type LoadedWorkspaceConfig,
  loadWorkspaceConfig,
  segmentViolations,
  webhookUrlViolations,
} from './workspace-config.ts';

export const JOURNEY_SUFFIX = '.journey.yaml';
const SUFFIXES = {
  journey: ['.journey.yaml', '.journey.yml', '.journey.json'],
  offer: ['.offer.yaml', '.offer.yml', '.offer.json'],
  template: ['.template.yaml', '.template.yml', '.template.json'],
};

export interface LoadedJourney {
  readonly file: string;
  readonly journey: Journey;
}

/** Journeys, offers and templates read from a workspace folder, with every violation found. */
export interface Workspace {
  readonly root: string;
  readonly journeys: readonly LoadedJourney[];
  readonly catalog: Catalog;
  /** The template files read, valid or not: the build compiles the valid ones. */
  readonly templateFiles: readonly ParsedFile<Template>[];
  /** workspace.config.yaml at the root (the webhook allowlist), or its defaults. */
  readonly config: LoadedWorkspaceConfig;
  /** events.catalog.yaml at the root: the custom events journeys may use. */
  readonly eventCatalog: LoadedEventCatalog;
  readonly violations: readonly LocatedViolation[];
  /** What is allowed but likely a mistake, such as an optional profile field shown without a default. */
  readonly warnings: readonly LocatedViolation[];
}

/** The workspace of a journey file: the folder above its journeys/ folder. */
export function workspaceRootOf(journeyFile: string): string {
  return dirname(dirname(resolve(journeyFile)));
}

export function listFiles(folder: string, kind: keyof typeof SUFFIXES): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => SUFFIXES[kind].some((suffix) => name.endsWith(suffix)))
    .sort()
    .map((name) => join(folder, name));
}

/**
 * Loads a workspace. With `journeyFiles`, only those journeys are checked and returned;
 * the other journeys of the workspace still count as known ids for references.
 */
export function loadWorkspace(root: string, journeyFiles?: readonly string[]): Workspace {
  const offers = listFiles(join(root, 'offers'), 'offer').map((file) => parseFile(file, Offer));
  const templates = listFiles(join(root, 'templates'), 'template').map((file) => parseFile(file, Template));
  const allJourneyFiles = listFiles(join(root, 'journeys'), 'journey');
  const config = loadWorkspaceConfig(root);
  const eventCatalog = loadEventCatalog(root);
  const checked = (journeyFiles ?? allJourneyFiles).map((file) => parseFile(file, Journey));

  const known = new Set(
    allJourneyFiles.map((file) => basename(file).replace(/\.journey\.(ya?ml|json)$/, '')),
  );
  for (const parsed of checked) if (parsed.value) known.add(parsed.value.id);

  const catalog: Catalog = {
    offers: new Map(
      offers.flatMap((parsed) => (parsed.value ? [[parsed.value.id, parsed.value] as const] : [])),
    ),
    templates: new Map(
      templates.flatMap((parsed) => (parsed.value ? [[parsed.value.id, parsed.value] as const] : [])),
    ),
    journeyIds: known,
    events: eventCatalog.events,
  };

  const templateFindings = templates.map(checkTemplateFile);
  const violations: LocatedViolation[] = [
    ...missingFolderViolations(root),
    ...[...offers, ...templates].flatMap((parsed) => [...parsed.violations, ...fileNameViolations(parsed)]),
    ...templateFindings.flatMap((findings) => findings.violations),
    ...config.violations,
    ...eventCatalog.violations,
    ...webhookUrlViolations(templates, config, root),
    ...segmentViolations(config),
    ...duplicateIdViolations([...offers], 'offer'),
    ...duplicateIdViolations([...templates], 'template'),
    ...duplicateIdViolations(checked, 'journey'),
  ];
  const journeys: LoadedJourney[] = [];
  for (const parsed of checked) {
    violations.push(...parsed.violations, ...fileNameViolations(parsed));
    if (!parsed.value) continue;
    const ruleViolations = journeyViolations(parsed.value, catalog).map(parsed.source.locate);
    violations.push(...ruleViolations);
    if (ruleViolations.length === 0) journeys.push({ file: parsed.file, journey: parsed.value });
  }
  return {
    root,
    journeys,
    catalog,
    templateFiles: templates,
    config,
    eventCatalog,
    violations: sortViolations(violations),
    warnings: sortViolations(templateFindings.flatMap((findings) => findings.warnings)),
  };
}

/** A workspace folder that is not there would load as a valid workspace of no journeys. */
function missingFolderViolations(root: string): LocatedViolation[] {
  if (existsSync(root)) return [];
  return [
    {
      file: root,
      line: 1,
      column: 1,
      path: [],
      code: 'file.unreadable',
      message: 'no such folder; expected a workspace folder holding journeys/, offers/ and templates/',
    },
  ];
}

function fileNameViolations(parsed: ParsedFile<{ id: string }>): LocatedViolation[] {
  if (!parsed.value) return [];
  const stem = basename(parsed.file).replace(/\.(journey|offer|template)\.(ya?ml|json)$/, '');
  if (stem === parsed.value.id) return [];
  return [
    parsed.source.locate({
      code: 'file.name_mismatch',
      path: ['id'],
      message: `id "${parsed.value.id}" does not match the file name "${basename(parsed.file)}"; name the file after the id`,
    }),
  ];
}

function duplicateIdViolations(
  files: readonly ParsedFile<{ id: string }>[],
  kind: string,
): LocatedViolation[] {
  const first = new Map<string, string>();
  return files.flatMap((parsed) => {
    if (!parsed.value) return [];
    const earlier = first.get(parsed.value.id);
    if (earlier === undefined) {
      first.set(parsed.value.id, parsed.file);
      return [];
    }
    return [
      parsed.source.locate({
        code: `file.duplicate_${kind}`,
        path: ['id'],
        message: `${kind} id "${parsed.value.id}" is already defined in ${earlier}`,
      }),
    ];
  });
}

export function sortViolations(violations: readonly LocatedViolation[]): LocatedViolation[] {
  return [...violations].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
}
