import { fileURLToPath } from 'node:url';
import { catalogFromWorkspace, type JourneyCatalog } from '../../../workflows/workspace/catalog.ts';

/** A test workspace whose journey sends in_app (no built-in journey does): three messages an hour apart. */
export const IN_APP_WORKSPACE = fileURLToPath(new URL('../../fixtures/workspaces/in-app', import.meta.url));
export const IN_APP_JOURNEY = 'in-app-onboarding';
export const IN_APP_STEPS = ['send-welcome', 'send-tip', 'send-last-call'] as const;

/** A second in_app journey on add_to_cart: one message, for the cap across journeys. */
export const IN_APP_REMINDER_JOURNEY = 'in-app-cart-reminder';

/** The workspace's catalog with these journeys. @default the onboarding journey alone */
export function inAppCatalog(journeys: readonly string[] = [IN_APP_JOURNEY]): Promise<JourneyCatalog> {
  return catalogFromWorkspace(IN_APP_WORKSPACE, journeys);
}
