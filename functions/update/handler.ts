import { StepShardTask } from '../../workflows/contracts/execution.ts';
import type { RuntimeDeps } from '../commons/deps.ts';
import { stepHandler } from '../commons/middy.ts';
import { ShardResult } from '../commons/shard-result.ts';
import { updateShard } from './update.ts';

export const createUpdateHandler = (deps: RuntimeDeps) =>
  stepHandler(deps, { input: StepShardTask, output: ShardResult }, updateShard);
