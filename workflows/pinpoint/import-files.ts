import { Document, isMap, isSeq, parseDocument } from 'yaml';
import { catalogEntry } from './custom-events.ts';
import type { ImportedJourney } from './import-journey.ts';
import { reportMarkdown } from './import-report.ts';
import { journeyYaml, templateYaml } from './import-yaml.ts';

/** A file of the import, relative to the workspace it goes into. */
export interface OutputFile {
  readonly path: string;
  readonly text: string;
  /** An existing file the import adds to (the event catalog, the webhook allowlist). */
  readonly adds?: readonly string[];
}

/** Where the JSON Schemas are, relative to each folder the import writes to. */
export interface SchemaPaths {
  /** From the workspace root, e.g. "schema". */
  readonly root: string;
  /** From journeys/ and templates/, e.g. "../schema". */
  readonly nested: string;
}

/** The workspace's own event catalog and config, if it has them: the import adds to them. */
export interface ExistingFiles {
  readonly catalog?: { readonly path: string; readonly text: string };
  readonly config?: { readonly path: string; readonly text: string };
}

/**
 * Every file the imported journeys need in a workspace: each journey and its report, the
 * templates, the custom events in the event catalog and the webhook URLs in the allowlist (a new
 * file, or the workspace's own with the missing entries added).
 */
export function importFiles(
  journeys: readonly ImportedJourney[],
  existing: ExistingFiles,
  schemas: SchemaPaths,
): OutputFile[] {
  const files: OutputFile[] = [];
  const templates = new Map<string, OutputFile>();
  for (const imported of journeys) {
    const report = `${imported.journey.id}.import.md`;
    files.push({
      path: `journeys/${imported.journey.id}.journey.yaml`,
      text: journeyYaml(imported, `${schemas.nested}/journey.schema.json`, report),
    });
    files.push({ path: `journeys/${report}`, text: reportMarkdown(imported.report) });
    for (const { template, todos } of imported.templates)
      templates.set(template.id, {
        path: `templates/${template.id}.template.yaml`,
        text: templateYaml(template, todos, `${schemas.nested}/template.schema.json`),
      });
  }
  files.push(...templates.values());
  const events = journeys.flatMap((imported) => imported.customEvents);
  const catalog = addToMap(
    existing.catalog,
    'events.catalog.yaml',
    'events',
    `${schemas.root}/events-catalog.schema.json`,
    events.map((use) => [use.name, catalogEntry(use)] as const),
  );
  if (catalog) files.push(catalog);
  const urls = journeys.flatMap((imported) =>
    imported.templates.flatMap(({ template }) => (template.channel === 'webhook' ? [template.url] : [])),
  );
  const config = addWebhooks(
    existing.config,
    [...new Set(urls)],
    `${schemas.root}/workspace-config.schema.json`,
  );
  if (config) files.push(config);
  return files;
}

/** events.catalog.yaml with these events under `events`: a new file, or the existing one with the missing ones added. */
function addToMap(
  current: ExistingFiles['catalog'],
  path: string,
  key: string,
  schema: string,
  entries: readonly (readonly [string, unknown])[],
): OutputFile | undefined {
  if (entries.length === 0) return undefined;
  const document = current ? parseDocument(current.text) : new Document({ [key]: {} });
  if (!current)
    document.commentBefore = ` yaml-language-server: $schema=${schema}\n The custom events of journeys imported from Amazon Pinpoint: the app sends them to the events API.`;
  if (!isMap(document.get(key))) document.set(key, document.createNode({}));
  const map = document.get(key);
  const added: string[] = [];
  for (const [name, value] of entries) {
    if (!isMap(map) || map.has(name)) continue;
    map.set(name, document.createNode(value));
    added.push(name);
  }
  if (current && added.length === 0) return undefined;
  return {
    path: current?.path ?? path,
    text: document.toString({ lineWidth: 0, blockQuote: 'literal' }),
    ...(current ? { adds: added } : {}),
  };
}

/** workspace.config.yaml admitting the webhook URLs: new, or the existing one with those it does not admit yet. */
function addWebhooks(
  current: ExistingFiles['config'],
  urls: readonly string[],
  schema: string,
): OutputFile | undefined {
  if (urls.length === 0) return undefined;
  const document = current ? parseDocument(current.text) : new Document({ webhooks: { allow: [] } });
  if (!current) document.commentBefore = ` yaml-language-server: $schema=${schema}`;
  if (!isSeq(document.getIn(['webhooks', 'allow'])))
    document.setIn(['webhooks', 'allow'], document.createNode([]));
  const allow = document.getIn(['webhooks', 'allow']);
  const admitted = isSeq(allow)
    ? allow.items.map((item) => String((item as { value?: unknown }).value ?? item))
    : [];
  const missing = urls.filter(
    (url) => !admitted.some((entry) => entry === url || (entry.endsWith('/') && url.startsWith(entry))),
  );
  if (current && missing.length === 0) return undefined;
  for (const url of missing) if (isSeq(allow)) allow.add(document.createNode(url));
  return {
    path: current?.path ?? 'workspace.config.yaml',
    text: document.toString({ lineWidth: 0, blockQuote: 'literal' }),
    ...(current ? { adds: missing } : {}),
  };
}
