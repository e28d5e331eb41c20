import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';

/**
 * What erasure and export need: the stores, the catalog (the journeys' steps and offers), the
 * clock, the push registrar (to delete SNS endpoints) and a logger. The CLI builds these for a
 * deployed stage without the rest of a function's dependencies.
 */
export type RightsDeps = Pick<RuntimeDeps, 'stores' | 'catalog' | 'clock' | 'devices' | 'logger'>;
