import { PartitionShardTask } from '../../workflows/contracts/execution.ts';
import { ShardResult } from '../commons/cohorts/shard-result.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { stepHandler } from '../commons/runtime/step-handler.ts';
import { partitionShard } from './partition.ts';

export const createPartitionHandler = (deps: RuntimeDeps) =>
  stepHandler(deps, { input: PartitionShardTask, output: ShardResult }, partitionShard);
