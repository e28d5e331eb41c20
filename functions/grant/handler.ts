import { StepShardTask } from '../../workflows/contracts/execution.ts';
import type { RuntimeDeps } from '../commons/deps.ts';
import { stepHandler } from '../commons/middy.ts';
import { ShardResult } from '../commons/shard-result.ts';
import { grantShard } from './grant.ts';

export const createGrantHandler = (deps: RuntimeDeps) =>
  stepHandler(deps, { input: StepShardTask, output: ShardResult }, grantShard);
