import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { TABLES, type TableNames } from '../functions/commons/dynamo/tables.ts';

/** How long a new table may stay CREATING (seconds in AWS, none locally). */
const ACTIVE_TIMEOUT_MS = 120_000;

/**
 * Creates the tables that do not exist yet, with the key schema the stores expect, and waits
 * until each is ACTIVE. `target` is a local endpoint (any credentials do) or a client of its own.
 */
export async function createTables(
  target: string | DynamoDBClient,
  names: Required<TableNames>,
): Promise<void> {
  const client = typeof target === 'string' ? loopbackClient(target) : target;
  try {
    for (const spec of TABLES) {
      const name = names[spec.logicalName];
      if ((await tableStatus(client, name)) === undefined) {
        await client.send(
          new CreateTableCommand({
            TableName: name,
            BillingMode: 'PAY_PER_REQUEST',
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              ...(spec.sortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : []),
            ],
            AttributeDefinitions: [
              { AttributeName: 'pk', AttributeType: 'S' },
              ...(spec.sortKey ? [{ AttributeName: 'sk', AttributeType: 'S' as const }] : []),
            ],
          }),
        );
      }
      await untilActive(client, name);
    }
  } finally {
    if (typeof target === 'string') client.destroy();
  }
}

/** Deletes these tables where they exist. */
export async function deleteTables(client: DynamoDBClient, names: Required<TableNames>): Promise<void> {
  for (const name of Object.values(names)) {
    if ((await tableStatus(client, name)) === undefined) continue;
    await client.send(new DeleteTableCommand({ TableName: name }));
  }
}

function loopbackClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** The table's status, or undefined when there is no such table. */
async function tableStatus(client: DynamoDBClient, name: string): Promise<string | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    return Table?.TableStatus ?? 'ACTIVE';
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function untilActive(client: DynamoDBClient, name: string): Promise<void> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (let wait = 10; (await tableStatus(client, name)) !== 'ACTIVE'; wait = Math.min(wait * 2, 2_000)) {
    if (Date.now() > deadline)
      throw new Error(`table ${name} is not ACTIVE after ${ACTIVE_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
