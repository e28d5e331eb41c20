import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentedReadUnits, type ReadInput, type ReadOutput } from './read-units.ts';

/** What one payer's requests cost: a journey's, the events API's or the ticker's. */
export interface ChargedUsage {
  requests: number;
  readCapacity: number;
  writeCapacity: number;
  /** Write units to the local outbox, which stands in for the message provider. */
  providerWriteCapacity: number;
}

/** The payer of a client created without one. */
export const UNCHARGED = 'uncharged';

/** Counts of DynamoDB requests and the capacity they consumed, as AWS would bill them. */
export class DynamoUsage {
  readonly requests = new Map<string, number>();
  /** Requests by command and the kind of item they touch ("Query:cohort", "PutItem:grant", ...), to see where they go. */
  readonly requestsByKind = new Map<string, number>();
  /** Write units by the same kinds: which items the write bill goes to. */
  readonly writeUnitsByKind = new Map<string, number>();
  /** Write units by table name. */
  readonly writeUnitsByTable = new Map<string, number>();
  /** The same requests and units by who caused them (see `chargeTo`): where the bill goes. */
  readonly byPayer = new Map<string, ChargedUsage>();
  readCapacity = 0;
  writeCapacity = 0;
  #paused = 0;

  /** The usage charged to `payer`, created empty on first use. */
  charged(payer: string): ChargedUsage {
    let usage = this.byPayer.get(payer);
    if (!usage) {
      usage = { requests: 0, readCapacity: 0, writeCapacity: 0, providerWriteCapacity: 0 };
      this.byPayer.set(payer, usage);
    }
    return usage;
  }

  /** True while requests go uncounted (see `uncounted`). */
  get paused(): boolean {
    return this.#paused > 0;
  }

  /** Runs `work` without counting its requests: loading a customer base is no journey's cost. */
  async uncounted<T>(work: () => Promise<T>): Promise<T> {
    this.#paused += 1;
    try {
      return await work();
    } finally {
      this.#paused -= 1;
    }
  }

  total(): number {
    return [...this.requests.values()].reduce((sum, count) => sum + count, 0);
  }
}

/** Where a metered client's requests are counted, and who each is charged to at the moment it is sent. */
export interface Metering {
  readonly usage: DynamoUsage;
  /** The payer of a request being sent: read per request, so one client serves every payer. */
  readonly payerOf: () => string;
  /** The table standing in for the message provider, whose writes each payer's usage keeps apart. */
  readonly outboxTable?: string;
  /** The name a table's write units are kept under (the engine's own, whatever prefix it runs with). @default its name */
  readonly tableLabel?: (table: string) => string;
}

type ConsumedCapacity = {
  TableName?: string;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  CapacityUnits?: number;
};

/** Asks every request of `client` for its consumed capacity and counts it in `usage`, charged to `payerOf()`. */
export function meterRequests(
  client: DynamoDBClient,
  { usage, payerOf, outboxTable, tableLabel = (table) => table }: Metering,
): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (usage.paused) return next(args);
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const command = String(context.commandName).replace(/Command$/, '');
      // Counted before the call: a request that fails (a conditional check, say) is billed too.
      usage.requests.set(command, (usage.requests.get(command) ?? 0) + 1);
      const kind = requestKind(command, args.input as RequestShape, tableLabel);
      usage.requestsByKind.set(kind, (usage.requestsByKind.get(kind) ?? 0) + 1);
      const charged = usage.charged(payerOf());
      charged.requests += 1;
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
        .ConsumedCapacity;
      // Read units as DynamoDB documents them, where the emulators part from it.
      const readUnits = /^(Get|BatchGet|Query|Scan)/.test(command)
        ? documentedReadUnits(command, args.input as ReadInput, result.output as ReadOutput)
        : undefined;
      for (const entry of [consumed ?? []].flat()) {
        const units = entry.CapacityUnits ?? 0;
        if (readUnits) {
          const read = readUnits(entry.TableName ?? '', entry.ReadCapacityUnits ?? units);
          usage.readCapacity += read;
          charged.readCapacity += read;
        } else {
          const written = entry.WriteCapacityUnits ?? units;
          usage.writeCapacity += written;
          charged.writeCapacity += written;
          if (outboxTable !== undefined && entry.TableName === outboxTable)
            charged.providerWriteCapacity += written;
          usage.writeUnitsByKind.set(kind, (usage.writeUnitsByKind.get(kind) ?? 0) + written);
          const table = tableLabel(entry.TableName ?? '?');
          usage.writeUnitsByTable.set(table, (usage.writeUnitsByTable.get(table) ?? 0) + written);
        }
      }
      return result;
    },
    { step: 'initialize', name: 'countConsumedCapacity' },
  );
}

type Key = { pk?: { S?: string } };
type RequestShape = {
  TableName?: string;
  Key?: Key;
  Item?: Key;
  ExpressionAttributeValues?: Record<string, { S?: string }>;
  RequestItems?: Record<
    string,
    { Keys?: Key[] } | { PutRequest?: { Item: Key }; DeleteRequest?: { Key: Key } }[]
  >;
};

/** "Query:cohort": the command and the kind of state item (the prefix of its pk), or the table. */
function requestKind(command: string, input: RequestShape, tableLabel: (table: string) => string): string {
  const [table, batch] = Object.entries(input.RequestItems ?? {})[0] ?? [input.TableName, undefined];
  const first = Array.isArray(batch)
    ? (batch[0]?.PutRequest?.Item ?? batch[0]?.DeleteRequest?.Key)
    : batch?.Keys?.[0];
  const pk =
    (input.ExpressionAttributeValues?.[':pk'] ?? input.Key?.pk ?? input.Item?.pk ?? first?.pk)?.S ?? '';
  return `${command}:${pk.includes('#') ? pk.split('#')[0] : tableLabel(table ?? '?')}`;
}
