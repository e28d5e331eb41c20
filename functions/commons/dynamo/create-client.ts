import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DocumentClient } from './document-client.ts';

/** The stores' document API over `client`, with the marshalling every store expects. */
export function documentClientOf(client: DynamoDBClient): DocumentClient {
  return new DocumentClient(client, { removeUndefinedValues: true });
}

/** The stores' client in Lambda: DynamoDB as the environment configures it. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DocumentClient {
  // Each command's middleware is resolved once (see DocumentClient): nothing changes the stack later.
  return documentClientOf(new DynamoDBClient({ ...config, cacheMiddleware: true }));
}
