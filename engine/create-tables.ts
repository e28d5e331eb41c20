import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { TABLES, type TableNames } from '../functions/commons/dynamo/tables.ts';

/** Creates the tables that do not exist yet, with the key schema the stores expect. */
export async function createTables(endpoint: string, names: Required<TableNames>): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const spec of TABLES) {
    const name = names[spec.logicalName];
    if (existing.has(name)) continue;
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
  client.destroy();
}
