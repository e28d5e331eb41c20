import { fileURLToPath } from 'node:url';
import { catalogFromWorkspace, type JourneyCatalog } from '../../../workflows/workspace/catalog.ts';

/** A test workspace whose journey sends in_app (no built-in journey does): three messages an hour apart. */
export const IN_APP_WORKSPACE = fileURLToPath(new URL('../../fixtures/workspaces/in-app', import.meta.url));
export const IN_APP_JOURNEY = 'in-app-onboarding';
export const IN_APP_STEPS = ['send-welcome', 'send-tip', 'send-last-call'] as const;

export function inAppCatalog(): Promise<JourneyCatalog> {
  return catalogFromWorkspace(IN_APP_WORKSPACE);
}
