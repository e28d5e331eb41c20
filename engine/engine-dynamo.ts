import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClientOf } from '../functions/commons/dynamo/create-client.ts';
import type { DocumentClient } from '../functions/commons/dynamo/document-client.ts';
import { tableNames } from '../functions/commons/dynamo/tables.ts';
import { createTables, deleteTables } from './create-tables.ts';
import { localDocumentClient } from './dynalite/local-client.ts';
import { startDynalite } from './dynalite/server.ts';
import { type Metering, meterRequests } from './metering/dynamo-usage.ts';

/** The tables of the local engine, by their logical names. */
export const LOCAL_TABLES = tableNames('journeys-local');

/** Read when no endpoint is given: run every engine of the process against this DynamoDB instead of dynalite. */
export const DYNAMODB_ENDPOINT_VARIABLE = 'JOURNEYS_DYNAMODB_ENDPOINT';

/** A DynamoDB the engine does not start: DynamoDB Local, or a Region's endpoint. */
export interface ExternalDynamoOptions {
  /** Its endpoint, such as http://127.0.0.1:8000 or https://dynamodb.eu-west-1.amazonaws.com. */
  readonly endpoint: string;
  /**
   * The engine's tables are named `<prefix>-customers` and so on, created where missing and kept.
   * @default a prefix of this engine's own, its tables deleted when it stops (tests share one endpoint)
   */
  readonly tablePrefix?: string;
}

/** The engine's DynamoDB: where its tables are, and the client its stores use. */
export interface EngineDynamo {
  readonly endpoint: string;
  readonly tables: typeof LOCAL_TABLES;
  /** The stores' document client, every request metered; the engine makes one. */
  client(metering: Metering): DocumentClient;
  /** Lets dynalite finish and close, or closes the connections (and deletes tables of the engine's own prefix). */
  stop(): Promise<void>;
}

/**
 * dynalite in its worker (persisted in `dataDir` when given), unless an external endpoint is given
 * or named by JOURNEYS_DYNAMODB_ENDPOINT. Metering reports the tables under LOCAL_TABLES' names.
 */
export async function startEngineDynamo(options: {
  readonly dataDir?: string;
  readonly dynamodb?: ExternalDynamoOptions;
}): Promise<EngineDynamo> {
  const fromEnvironment = process.env[DYNAMODB_ENDPOINT_VARIABLE];
  const external = options.dynamodb ?? (fromEnvironment ? { endpoint: fromEnvironment } : undefined);
  if (external) return connectExternal(external);
  const dynamo = await startDynalite(options.dataDir);
  try {
    await createTables(dynamo.endpoint, LOCAL_TABLES);
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  return {
    endpoint: dynamo.endpoint,
    tables: LOCAL_TABLES,
    // Over dynalite's worker's message port, not a socket.
    client: (metering) =>
      localDocumentClient({ endpoint: dynamo.endpoint, requestHandler: dynamo.requestHandler, metering }),
    stop: () => dynamo.stop(),
  };
}

async function connectExternal({ endpoint, tablePrefix }: ExternalDynamoOptions): Promise<EngineDynamo> {
  const owned = tablePrefix === undefined;
  const tables = tableNames(tablePrefix ?? `journeys-run-${randomBytes(5).toString('hex')}`);
  const labels = new Map(
    Object.entries(tables).map(([logical, name]) => [name, LOCAL_TABLES[logical as keyof typeof tables]]),
  );
  const loopback = isLoopback(endpoint);
  const admin = loopback ? undefined : awsClient(endpoint);
  const clients: DocumentClient[] = [];
  await createTables(admin ?? endpoint, tables);
  return {
    endpoint,
    tables,
    client: (metering) => {
      const tableLabel = (name: string) => labels.get(name) ?? name;
      // A loopback emulator checks no signature; AWS needs the credentials and Region of the environment.
      const client = loopback
        ? localDocumentClient({ endpoint, metering: { ...metering, tableLabel } })
        : meteredAwsClient(endpoint, { ...metering, tableLabel });
      clients.push(client);
      return client;
    },
    stop: async () => {
      for (const client of clients.splice(0)) client.destroy();
      const cleaner = admin ?? loopbackAdmin(endpoint);
      try {
        if (owned) await deleteTables(cleaner, tables);
      } finally {
        cleaner.destroy();
      }
    },
  };
}

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** A client as Lambda's: credentials and Region from the environment (AWS_PROFILE, AWS_REGION and the like). */
function awsClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, cacheMiddleware: true, maxAttempts: 10 });
}

function meteredAwsClient(endpoint: string, metering: Metering): DocumentClient {
  const client = awsClient(endpoint);
  meterRequests(client, metering);
  return documentClientOf(client);
}

function loopbackAdmin(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}
