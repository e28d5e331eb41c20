import { SnapshotResult, SnapshotTask } from '../../workflows/contracts/execution.ts';
import type { RuntimeDeps } from '../commons/deps.ts';
import { stepHandler } from '../commons/middy.ts';
import { snapshotAudience } from './snapshot-audience.ts';

export const createSnapshotAudienceHandler = (deps: RuntimeDeps) =>
  stepHandler(deps, { input: SnapshotTask, output: SnapshotResult }, snapshotAudience);
