import type { CompiledTemplate } from '../messages/compiled-template.ts';
import { formatViolation } from '../rules/violation.ts';
import type { Journey, Offer } from '../schema/index.ts';
import type { SegmentSettings } from '../schema/segment-settings.ts';
import { compileWorkspace } from './compile-workspace.ts';

/** The journeys, offers and compiled templates a deployment runs, as validated from the workspace. */
export interface JourneyCatalog {
  readonly journeys: ReadonlyMap<string, Journey>;
  readonly offers: ReadonlyMap<string, Offer>;
  readonly templates: ReadonlyMap<string, CompiledTemplate>;
  /** How Segment calls become events (workspace.config.yaml). @default Segment's e-commerce names, other tracks as custom events */
  readonly segment?: SegmentSettings;
}

/** A workspace that cannot run: its violations, or journeys asked for that it does not have. */
export class WorkspaceError extends Error {
  override readonly name = 'WorkspaceError';
}

/**
 * The catalog of a workspace folder, refusing to run anything while any file has a violation.
 * Asynchronous: it compiles the templates' MJML, once, here rather than per message.
 */
export async function catalogFromWorkspace(root: string, only?: readonly string[]): Promise<JourneyCatalog> {
  const workspace = await compileWorkspace(root);
  if (workspace.violations.length > 0) {
    throw new WorkspaceError(
      `the workspace ${root} has violations; run \`journeys validate\`:\n${workspace.violations.map(formatViolation).join('\n')}`,
    );
  }
  const journeys = workspace.journeys
    .map((loaded) => loaded.journey)
    .filter((journey) => !only || only.includes(journey.id));
  const unknown = (only ?? []).filter((id) => !journeys.some((journey) => journey.id === id));
  if (unknown.length > 0) throw new WorkspaceError(`no journey with id ${unknown.join(', ')} in ${root}`);
  return {
    journeys: new Map(journeys.map((journey) => [journey.id, journey])),
    offers: workspace.catalog.offers,
    templates: workspace.templates,
    ...(workspace.config.config.segment ? { segment: workspace.config.config.segment } : {}),
  };
}
