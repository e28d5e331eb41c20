import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { createTables, deleteTables } from '../../../engine/create-tables.ts';
import { localDocumentClient } from '../../../engine/dynalite/local-client.ts';
import { DynamoUsage } from '../../../engine/metering/dynamo-usage.ts';
import type { DocumentClient } from '../../../functions/commons/dynamo/document-client.ts';
import { tableNames } from '../../../functions/commons/dynamo/tables.ts';
import { type TestEndpoint, testEndpoint, uniquePrefix } from './test-endpoint.ts';

const TABLES = tableNames(uniquePrefix('doc-test'));
/** The table the document client tests read and write. */
export const TABLE = TABLES.state;

/**
 * The document client on the tests' DynamoDB, beside lib-dynamodb's DynamoDBDocumentClient on the same
 * tables, so that a test can ask both the same thing; `usage` meters the document client.
 */
export interface DocumentClientPair {
  readonly documents: DocumentClient;
  readonly reference: DynamoDBDocumentClient;
  readonly usage: DynamoUsage;
}

/** lib-dynamodb's client on an endpoint, optionally through another transport. */
export function referenceClient(
  endpoint: string,
  options: { requestHandler?: DynamoDBClientConfig['requestHandler']; removeUndefinedValues?: boolean } = {},
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      ...localConfig(endpoint),
      ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}),
    }),
    options.removeUndefinedValues ? { marshallOptions: { removeUndefinedValues: true } } : {},
  );
}

/**
 * One dynalite (or the DynamoDB that JOURNEYS_DYNAMODB_ENDPOINT names) and the pair of clients on
 * it for the tests of a file, started before them and stopped after.
 */
export function useDocumentClientPair(): () => DocumentClientPair {
  let dynamo: TestEndpoint | undefined;
  let pair: DocumentClientPair | undefined;
  beforeAll(async () => {
    dynamo = await testEndpoint();
    await createTables(dynamo.endpoint, TABLES);
    const usage = new DynamoUsage();
    pair = {
      documents: localDocumentClient({
        endpoint: dynamo.endpoint,
        metering: { usage, payerOf: () => 'tests' },
      }),
      reference: referenceClient(dynamo.endpoint, { removeUndefinedValues: true }),
      usage,
    };
  });
  afterAll(async () => {
    pair?.documents.destroy();
    pair?.reference.destroy();
    if (dynamo?.shared) {
      const admin = new DynamoDBClient(localConfig(dynamo.endpoint));
      await deleteTables(admin, TABLES);
      admin.destroy();
    }
    await dynamo?.stop();
  });
  return () => {
    if (!pair) throw new Error('the document clients have not started: call this inside a test');
    return pair;
  };
}

function localConfig(endpoint: string): DynamoDBClientConfig {
  return { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

/** What an answer says, without the request's metadata and consumed capacity. */
export function answer(output: object): object {
  const { $metadata: _metadata, ConsumedCapacity: _capacity, ...rest } = output as Record<string, unknown>;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
}
