import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { localDocumentClient } from '../engine/dynalite/local-client.ts';
import { startDynalite } from '../engine/dynalite/server.ts';
import { LocalStateMachine } from '../engine/state-machine.ts';
import type { TaskRole } from '../workflows/compiler/asl.ts';
import { compileJourney } from '../workflows/compiler/compile.ts';
import type { Journey } from '../workflows/schema/index.ts';

/**
 * The bare interpreter: aws-local-stepfunctions on the same compiled ASL with no-op tasks, run
 * until it has entered as many states as the simulation did. Returns seconds.
 */
export async function bareInterpreterSeconds(
  journeys: readonly Journey[],
  statesToEnter: number,
): Promise<number> {
  const noop = async () => null;
  const cohort = { id: 'bench', shards: [0], size: 1 };
  const handlers: Record<TaskRole, (payload: unknown) => Promise<unknown>> = {
    Snapshot: async (payload) =>
      (payload as { operation: string }).operation === 'describe' ? cohort : null,
    Partition: noop,
    Send: noop,
    Grant: noop,
    Update: noop,
    Record: noop,
    Fork: async (payload) => (payload as { parent: unknown }).parent,
  };
  const machines = journeys.map((journey) => new LocalStateMachine(compileJourney(journey), handlers));
  const input = (journey: Journey) => ({
    run: { journeyId: journey.id, journeyVersion: 1, runId: 'bench', startedAt: '2027-06-11T02:00:00Z' },
    cohort,
    ...(journey.trigger.kind === 'schedule' ? { audience: { segments: [0], pastRunId: null } } : {}),
  });
  let entered = 0;
  const began = performance.now();
  while (entered < statesToEnter) {
    await Promise.all(
      machines.map(async (machine, index) => {
        const execution = machine.run(input(journeys[index] as Journey));
        await execution.result.catch(() => undefined);
        await execution.counted;
        entered += execution.stats.standardTransitions + execution.stats.expressTransitions;
      }),
    );
  }
  return (performance.now() - began) / 1000;
}

/** Bare dynalite: as many raw puts and queries as the simulation's requests, 50 in flight. Returns seconds. */
export async function bareDynaliteSeconds(requests: number, writeShare: number): Promise<number> {
  const dynamo = await startDynalite();
  try {
    // The engine's own client (its channel to dynalite, fixed signature, middleware resolved once), uncounted.
    const documents = localDocumentClient({
      endpoint: dynamo.endpoint,
      requestHandler: dynamo.requestHandler,
    });
    await documents.base.send(
      new CreateTableCommand({
        TableName: 'bench',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
      }),
    );
    let next = 0;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        for (let index = next++; index < requests; index = next++) {
          if (index % 1000 < writeShare * 1000) {
            await documents.put({
              TableName: 'bench',
              Item: { pk: `p${index % 500}`, sk: `s${index}`, value: index },
            });
          } else {
            await documents.query({
              TableName: 'bench',
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': `p${index % 500}` },
              Limit: 25,
            });
          }
        }
      }),
    );
    documents.destroy();
    return (performance.now() - began) / 1000;
  } finally {
    await dynamo.stop();
  }
}
