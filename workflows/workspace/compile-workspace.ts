import type { CompiledTemplate } from '../messages/compiled-template.ts';
import { buildTemplateFile } from './template-file.ts';
import { loadWorkspace, sortViolations, type Workspace } from './workspace.ts';

/** A workspace with its templates compiled: what `journeys validate` reports and the runtimes run. */
export interface CompiledWorkspace extends Workspace {
  /** The templates without violations, compiled, by id. */
  readonly templates: ReadonlyMap<string, CompiledTemplate>;
}

/**
 * Loads a workspace and compiles its templates' MJML (asynchronous, unlike loading), adding what
 * the MJML compiler refuses to the violations. A template with any violation is left out.
 */
export async function compileWorkspace(
  root: string,
  journeyFiles?: readonly string[],
): Promise<CompiledWorkspace> {
  const workspace = loadWorkspace(root, journeyFiles);
  const built = await Promise.all(workspace.templateFiles.map(buildTemplateFile));
  const violations = sortViolations([
    ...workspace.violations,
    ...built.flatMap((result) => result.violations),
  ]);
  const refused = new Set(violations.map((violation) => violation.file));
  const templates = new Map(
    built.flatMap((result, index) => {
      const file = workspace.templateFiles[index]?.file;
      return result.compiled && file !== undefined && !refused.has(file)
        ? [[result.compiled.id, result.compiled] as const]
        : [];
    }),
  );
  return { ...workspace, violations, templates };
}
