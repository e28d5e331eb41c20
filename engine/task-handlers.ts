import type { Context } from 'aws-lambda';
import type { RuntimeDeps } from '../functions/commons/runtime/runtime-deps.ts';
import { createForkHandler } from '../functions/fork/handler.ts';
import { createGrantHandler } from '../functions/grant/handler.ts';
import { createPartitionHandler } from '../functions/partition/handler.ts';
import { createRecordHandler } from '../functions/record/handler.ts';
import { createSendHandler } from '../functions/send/handler.ts';
import { createSnapshotAudienceHandler } from '../functions/snapshot-audience/handler.ts';
import { createUpdateHandler } from '../functions/update/handler.ts';
import type { TaskRole } from '../workflows/compiler/asl.ts';
import type { TaskHandler } from './state-machine.ts';

/** The Lambda context every local call gets: nothing in the handlers reads more than its shape. */
export const LAMBDA_CONTEXT = {
  functionName: 'journeys-local',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:journeys-local',
  memoryLimitInMB: '1024',
  awsRequestId: 'local',
  logGroupName: 'local',
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 900_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
} as unknown as Context;

type LambdaHandler = (event: never, context: Context) => Promise<unknown>;

/** The handler chain Lambda runs for each task role, and the function it is deployed as. */
const TASK_FUNCTIONS: Record<TaskRole, readonly [string, (deps: RuntimeDeps) => LambdaHandler]> = {
  Snapshot: ['snapshot-audience', (deps) => createSnapshotAudienceHandler(deps) as LambdaHandler],
  Partition: ['partition', (deps) => createPartitionHandler(deps) as LambdaHandler],
  Send: ['send', (deps) => createSendHandler(deps) as LambdaHandler],
  Grant: ['grant', (deps) => createGrantHandler(deps) as LambdaHandler],
  Update: ['update', (deps) => createUpdateHandler(deps) as LambdaHandler],
  Record: ['record', (deps) => createRecordHandler(deps) as LambdaHandler],
  Fork: ['fork', (deps) => createForkHandler(deps) as LambdaHandler],
};

/**
 * A journey's task handlers over `deps`, each called through `invoke` with its function's name,
 * as Step Functions would invoke that Lambda.
 */
export function taskHandlers(
  deps: RuntimeDeps,
  invoke: (functionName: string, call: () => Promise<unknown>) => Promise<unknown>,
): Record<TaskRole, TaskHandler> {
  return Object.fromEntries(
    Object.entries(TASK_FUNCTIONS).map(([role, [name, create]]) => {
      const handler = create(deps);
      return [role, (payload: unknown) => invoke(name, () => handler(payload as never, LAMBDA_CONTEXT))];
    }),
  ) as Record<TaskRole, TaskHandler>;
}
