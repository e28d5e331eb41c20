import { StepShardTask } from '../../workflows/contracts/execution.ts';
import { ShardResult } from '../commons/cohorts/shard-result.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { stepHandler } from '../commons/runtime/step-handler.ts';
import { updateShard } from './update.ts';

export const createUpdateHandler = (deps: RuntimeDeps) =>
  stepHandler(deps, { input: StepShardTask, output: ShardResult }, updateShard);
