import { formatViolation } from '../workflows/rules/violation.ts';
import type { Journey } from '../workflows/schema/index.ts';
import { loadWorkspace, workspaceRootOf } from '../workflows/workspace/workspace.ts';

export class InvalidJourneyError extends Error {
  override readonly name = 'InvalidJourneyError';
}

/** Loads and validates one journey file; any violation stops the command with all of them listed. */
export function loadValidJourney(file: string, workspaceRoot?: string): Journey {
  const workspace = loadWorkspace(workspaceRoot ?? workspaceRootOf(file), [file]);
  const loaded = workspace.journeys[0];
  if (workspace.violations.length > 0 || !loaded) {
    throw new InvalidJourneyError(
      `${file} is not valid; fix these first (see \`journeys validate\`):\n${workspace.violations.map(formatViolation).join('\n')}`,
    );
  }
  return loaded.journey;
}
