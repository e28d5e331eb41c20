import { z } from 'zod';
import { RecordFailureTask, RecordShardTask } from '../../workflows/contracts/execution.ts';
import { ShardResult } from '../commons/cohorts/shard-result.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { stepHandler } from '../commons/runtime/step-handler.ts';
import { recordFailure, recordShard } from './record.ts';

const RecordTask = z.union([RecordShardTask, RecordFailureTask]);

export const createRecordHandler = (deps: RuntimeDeps) =>
  stepHandler(deps, { input: RecordTask, output: ShardResult }, (task, handlerDeps) =>
    task.operation === 'failure' ? recordFailure(task, handlerDeps) : recordShard(task, handlerDeps),
  );
