import type { Context } from 'aws-lambda';
import type { RuntimeDeps } from '../functions/commons/runtime/runtime-deps.ts';
import { createForkHandler } from '../functions/fork/handler.ts';
import { functionOfRole } from '../functions/function-table.ts';
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

/** The handler chain Lambda runs for each task role. */
const TASK_HANDLERS: Record<TaskRole, (deps: RuntimeDeps) => LambdaHandler> = {
  Snapshot: (deps) => createSnapshotAudienceHandler(deps) as LambdaHandler,
  Partition: (deps) => createPartitionHandler(deps) as LambdaHandler,
  Send: (deps) => createSendHandler(deps) as LambdaHandler,
  Grant: (deps) => createGrantHandler(deps) as LambdaHandler,
  Update: (deps) => createUpdateHandler(deps) as LambdaHandler,
  Record: (deps) => createRecordHandler(deps) as LambdaHandler,
  Fork: (deps) => createForkHandler(deps) as LambdaHandler,
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
    Object.entries(TASK_HANDLERS).map(([role, create]) => {
      const name = functionOfRole(role as TaskRole);
      const handler = create(deps);
      return [role, (payload: unknown) => invoke(name, () => handler(payload as never, LAMBDA_CONTEXT))];
    }),
  ) as Record<TaskRole, TaskHandler>;
}
