import { StepShardTask } from '../../workflows/contracts/execution.ts';
import { ShardResult } from '../commons/cohorts/shard-result.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { stepHandler } from '../commons/runtime/step-handler.ts';
import { grantShard } from './grant.ts';

export const createGrantHandler = (deps: RuntimeDeps) =>
  stepHandler(deps, { input: StepShardTask, output: ShardResult }, grantShard);
