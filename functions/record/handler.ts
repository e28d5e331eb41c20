import { z } from 'zod';
import { RecordFailureTask, RecordShardTask } from '../../workflows/contracts/execution.ts';
import type { RuntimeDeps } from '../commons/deps.ts';
import { stepHandler } from '../commons/middy.ts';
import { ShardResult } from '../commons/shard-result.ts';
import { recordFailure, recordShard } from './record.ts';

const RecordTask = z.union([RecordShardTask, RecordFailureTask]);

export const createRecordHandler = (deps: RuntimeDeps) =>
  stepHandler(deps, { input: RecordTask, output: ShardResult }, (task, handlerDeps) =>
    task.operation === 'failure' ? recordFailure(task, handlerDeps) : recordShard(task, handlerDeps),
  );
