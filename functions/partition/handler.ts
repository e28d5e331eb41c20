import { PartitionShardTask } from '../../workflows/contracts/execution.ts';
import type { RuntimeDeps } from '../commons/deps.ts';
import { stepHandler } from '../commons/middy.ts';
import { ShardResult } from '../commons/shard-result.ts';
import { partitionShard } from './partition.ts';

export const createPartitionHandler = (deps: RuntimeDeps) =>
  stepHandler(deps, { input: PartitionShardTask, output: ShardResult }, partitionShard);
