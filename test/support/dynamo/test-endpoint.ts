import { startDynalite } from '../../../engine/dynalite/server.ts';
import { DYNAMODB_ENDPOINT_VARIABLE } from '../../../engine/engine-dynamo.ts';

/** A DynamoDB endpoint for the tests of a file. */
export interface TestEndpoint {
  readonly endpoint: string;
  /** True when it is the shared one JOURNEYS_DYNAMODB_ENDPOINT names, whose tables outlive the file. */
  readonly shared: boolean;
  /** Stops the file's dynalite; the shared endpoint stays up. */
  stop(): Promise<void>;
}

/** The DynamoDB that JOURNEYS_DYNAMODB_ENDPOINT names (DynamoDB Local in `npm run test:dynamodb-local`), else a dynalite of the file's own over HTTP. */
export async function testEndpoint(): Promise<TestEndpoint> {
  const endpoint = process.env[DYNAMODB_ENDPOINT_VARIABLE];
  if (endpoint) return { endpoint, shared: true, stop: async () => {} };
  const dynalite = await startDynalite();
  return { endpoint: dynalite.endpoint, shared: false, stop: () => dynalite.stop() };
}

/** A table prefix no other test process uses, for tables on a shared endpoint. */
export function uniquePrefix(label: string): string {
  return `${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
