import { Agent } from 'node:http';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { documentClientOf } from '../../functions/commons/dynamo/create-client.ts';
import type { DocumentClient } from '../../functions/commons/dynamo/document-client.ts';
import { type Metering, meterRequests } from '../metering/dynamo-usage.ts';

export interface LocalClientOptions {
  /** dynalite's (or DynamoDB Local's) endpoint on this machine. */
  readonly endpoint: string;
  /**
   * How requests reach the endpoint: the engine's channel to dynalite's worker, or a connection
   * pool. @default a keep-alive connection pool of its own
   */
  readonly requestHandler?: DynamoDBClientConfig['requestHandler'];
  /** When given, every request asks for its consumed capacity and is counted. @default not counted */
  readonly metering?: Metering;
}

/** The stores' document client against a local endpoint, as the engine and the tests use it. */
export function localDocumentClient(options: LocalClientOptions): DocumentClient {
  const client = new DynamoDBClient({
    ...loopbackConfig(options.endpoint, options.requestHandler),
    cacheMiddleware: true,
  });
  // Nothing on a loopback endpoint reads these headers, and building them is a large share of a request's CPU.
  for (const name of ['getUserAgentMiddleware', 'recursionDetectionMiddleware', 'loggerMiddleware'])
    client.middlewareStack.remove(name);
  if (options.metering) meterRequests(client, options.metering);
  return documentClientOf(client);
}

/**
 * A client for dynalite (or DynamoDB Local) on this machine. dynalite checks that requests carry
 * a SigV4-shaped Authorization header but never verifies the signature, so a fixed one replaces
 * the HMAC signing, CPU spent on every request for a check nothing makes.
 */
type HttpAuthScheme = NonNullable<DynamoDBClientConfig['httpAuthSchemes']>[number];
type HttpSigner = HttpAuthScheme['signer'];

function loopbackConfig(
  endpoint: string,
  requestHandler: DynamoDBClientConfig['requestHandler'] = loopbackRequestHandler(),
): DynamoDBClientConfig {
  const signer: HttpSigner = {
    async sign(request) {
      const signed = request as { headers: Record<string, string> };
      signed.headers['x-amz-date'] = '20270101T000000Z';
      signed.headers.authorization =
        'AWS4-HMAC-SHA256 Credential=local/20270101/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=local';
      return request;
    },
  };
  return {
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    httpAuthSchemes: [
      {
        schemeId: 'aws.auth#sigv4',
        identityProvider: (config) => config.getIdentityProvider('aws.auth#sigv4'),
        signer,
      },
    ],
    requestHandler,
    maxAttempts: 10,
  };
}

/** Connections to a local endpoint: kept alive (that doubles local throughput), many at once (many shards write at once). */
function loopbackRequestHandler(): NodeHttpHandler {
  return new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 128 }) });
}
