import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Counts of DynamoDB requests and the capacity they consumed, as AWS would bill them. */
export class DynamoUsage {
  readonly requests = new Map<string, number>();
  /** Queries by the kind of partition they read ("cohort", "signal", ...), to see where reads go. */
  readonly queriesByKind = new Map<string, number>();
  readCapacity = 0;
  writeCapacity = 0;

  total(): number {
    return [...this.requests.values()].reduce((sum, count) => sum + count, 0);
  }
}

export interface DocumentClientOptions {
  /** A local endpoint such as dynalite's; unset in AWS (or set by AWS_ENDPOINT_URL_DYNAMODB). */
  readonly endpoint?: string;
  /** When given, every request asks for its consumed capacity and is counted here. */
  readonly usage?: DynamoUsage;
}

type ConsumedCapacity = { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number };

export function createDocumentClient(options: DocumentClientOptions = {}): DynamoDBDocumentClient {
  const local = options.endpoint !== undefined;
  const client = new DynamoDBClient({
    ...(local
      ? {
          endpoint: options.endpoint,
          region: 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          // Keep-alive doubles local throughput; many shards write at once.
          requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 128 }) }),
          maxAttempts: 10,
        }
      : {}),
  });
  const usage = options.usage;
  if (usage) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ReturnConsumedCapacity?: string };
        input.ReturnConsumedCapacity ??= 'TOTAL';
        const command = String(context.commandName).replace(/Command$/, '');
        // Counted before the call: a request that fails (a conditional check, say) is billed too.
        usage.requests.set(command, (usage.requests.get(command) ?? 0) + 1);
        if (command === 'Query') {
          const pk = (args.input as { ExpressionAttributeValues?: Record<string, unknown> })
            .ExpressionAttributeValues?.[':pk'];
          const kind = String(pk ?? '?').split('#')[0] ?? '?';
          usage.queriesByKind.set(kind, (usage.queriesByKind.get(kind) ?? 0) + 1);
        }
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
          .ConsumedCapacity;
        for (const entry of [consumed ?? []].flat()) {
          const units = entry.CapacityUnits ?? 0;
          if (/^(Get|BatchGet|Query|Scan)/.test(command))
            usage.readCapacity += entry.ReadCapacityUnits ?? units;
          else usage.writeCapacity += entry.WriteCapacityUnits ?? units;
        }
        return result;
      },
      { step: 'initialize', name: 'countConsumedCapacity' },
    );
  }
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
