import { DYNAMODB_ENDPOINT_VARIABLE } from '../../../engine/engine-dynamo.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';

/**
 * vitest's global setup for `npm run test:dynamodb-local`: one DynamoDB Local for the whole run
 * (about 470 MB each, so never one per file), named by JOURNEYS_DYNAMODB_ENDPOINT to every test
 * process, which then runs each engine on tables of its own there instead of on dynalite.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dynamo = await startDynamoDbLocal();
  process.env[DYNAMODB_ENDPOINT_VARIABLE] = dynamo.endpoint;
  return () => dynamo.stop();
}
