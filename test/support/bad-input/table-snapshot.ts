import { ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { localDocumentClient } from '../../../engine/dynalite/local-client.ts';

/** JSON with every object's keys sorted, so two scans of the same items compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) =>
    typeof node === 'object' && node !== null && !Array.isArray(node) && !(node instanceof Uint8Array)
      ? Object.fromEntries(Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : node,
  );
}

export interface TableChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export const NO_CHANGES: TableChanges = { added: [], removed: [] };

/**
 * Every item of every table at a DynamoDB endpoint, as raw attribute values (a set stays a set),
 * one sorted line each. Tables are listed, not named, so a write to any table shows.
 */
export class TableSnapshots {
  readonly #client;
  #last: string[] | undefined;

  constructor(endpoint: string) {
    this.#client = localDocumentClient({ endpoint }).base;
  }

  async take(): Promise<string[]> {
    const lines: string[] = [];
    const { TableNames = [] } = await this.#client.send(new ListTablesCommand({}));
    for (const table of TableNames) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.#client.send(
          new ScanCommand({ TableName: table, ExclusiveStartKey: startKey as never }),
        );
        for (const item of page.Items ?? []) lines.push(`${table} ${canonical(item)}`);
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return lines.sort();
  }

  /** Takes the snapshot every later `expectUnchanged` compares with. */
  async baseline(): Promise<number> {
    this.#last = await this.take();
    return this.#last.length;
  }

  /**
   * The items added or removed since the last snapshot (a changed item is both), which this one
   * replaces: a case is judged against what the one before it left.
   */
  async changes(): Promise<TableChanges> {
    const before = this.#last ?? [];
    const after = await this.take();
    this.#last = after;
    const had = new Set(before);
    const has = new Set(after);
    return {
      added: after.filter((line) => !had.has(line)),
      removed: before.filter((line) => !has.has(line)),
    };
  }

  close(): void {
    this.#client.destroy();
  }
}
