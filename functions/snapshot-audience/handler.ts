import { SnapshotResult, SnapshotTask } from '../../workflows/contracts/execution.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { stepHandler } from '../commons/runtime/step-handler.ts';
import { snapshotAudience } from './snapshot-audience.ts';

export const createSnapshotAudienceHandler = (deps: RuntimeDeps) =>
  stepHandler(deps, { input: SnapshotTask, output: SnapshotResult }, snapshotAudience);
