import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isKnownEventName } from '../contracts/customer.ts';
import type { LocatedViolation } from '../rules/violation.ts';
import { SEGMENT_MAPPED_EVENTS } from '../schema/segment-settings.ts';
import type { Template } from '../schema/template.ts';
import { webhookUrlAllowed } from '../schema/webhook.ts';
import { WorkspaceConfig } from '../schema/workspace-config.ts';
import { type ParsedFile, parseFile } from './parse-file.ts';

/** The names the workspace config may have at the workspace root, in the order they are looked for. */
export const WORKSPACE_CONFIG_FILES = [
  'workspace.config.yaml',
  'workspace.config.yml',
  'workspace.config.json',
];

/** A workspace's config: what its file says (all defaults when it has none), and what is wrong with it. */
export interface LoadedWorkspaceConfig {
  /** The file read, when the workspace has one. */
  readonly file?: string;
  readonly config: WorkspaceConfig;
  /** Present when the file is unreadable or fails the schema; its settings are then unknown. */
  readonly violations: readonly LocatedViolation[];
}

export function loadWorkspaceConfig(root: string): LoadedWorkspaceConfig {
  const [file, ...others] = WORKSPACE_CONFIG_FILES.map((name) => join(root, name)).filter((path) =>
    existsSync(path),
  );
  if (file === undefined) return { config: WorkspaceConfig.parse({}), violations: [] };
  const parsed = parseFile(file, WorkspaceConfig);
  const ambiguous = others.map((other) => ({
    file: other,
    line: 1,
    column: 1,
    path: [],
    code: 'config.duplicate',
    message: `the workspace has two config files; keep ${file} and remove this one`,
  }));
  return {
    file,
    config: parsed.value ?? WorkspaceConfig.parse({}),
    violations: [...parsed.violations, ...ambiguous],
  };
}

/**
 * Each webhook template whose url the config's allowlist does not admit, at its url. None while
 * the config itself has violations: its allowlist is unknown, and the config's own violations say why.
 */
export function webhookUrlViolations(
  templates: readonly ParsedFile<Template>[],
  loaded: LoadedWorkspaceConfig,
  root: string,
): LocatedViolation[] {
  if (loaded.violations.length > 0) return [];
  const allow = loaded.config.webhooks?.allow ?? [];
  return templates.flatMap((parsed) => {
    const template = parsed.value;
    if (template?.channel !== 'webhook' || webhookUrlAllowed(template.url, allow)) return [];
    const fix =
      allow.length === 0
        ? `no webhook URL is allowed yet: list it (or a prefix ending in "/") under webhooks.allow in ${loaded.file ?? join(root, WORKSPACE_CONFIG_FILES[0] ?? '')}`
        : `expected a URL that webhooks.allow in ${loaded.file} admits (${allow.join(', ')}), or add it there`;
    return [
      parsed.source.locate({
        code: 'template.webhook_url_not_allowed',
        path: ['url'],
        message: `url "${template.url}" is not in the webhook allowlist; ${fix}`,
      }),
    ];
  });
}

/**
 * Each Segment track mapped to a known event that has no mapping of Segment's properties (only
 * add_to_cart, purchase and signup have one): its calls would all be refused.
 */
export function segmentViolations(loaded: LoadedWorkspaceConfig): LocatedViolation[] {
  if (loaded.violations.length > 0 || !loaded.file) return [];
  const file = loaded.file;
  const mapped: readonly string[] = SEGMENT_MAPPED_EVENTS;
  return Object.entries(loaded.config.segment?.tracks ?? {}).flatMap(([segmentName, target]) =>
    isKnownEventName(target) && !mapped.includes(target)
      ? [
          parseFile(file, WorkspaceConfig).source.locate({
            code: 'config.segment_unmapped_event',
            path: ['segment', 'tracks', segmentName],
            message: `"${target}" is a known event without a mapping of Segment's properties; map "${segmentName}" to ${SEGMENT_MAPPED_EVENTS.join(', ')} or to a custom event name`,
          }),
        ]
      : [],
  );
}
