import { localDocumentClient } from '../../engine/dynalite/local-client.ts';
import { LOCAL_TABLES, type LocalEngine } from '../../engine/engine.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import type { DocumentClient } from '../../functions/commons/dynamo/document-client.ts';

/** What a run leaves behind, as the invariants compare it: one sorted list of lines per kind of record. */
export type FinalState = Record<string, string[]>;

/**
 * Funnel metrics that count what retries did rather than what happened to customers: a run with
 * faults has more of them, and should.
 */
const RETRY_METRICS = new Set(['redelivered', 'duplicates']);

/**
 * Attributes that say how a record was written rather than what it holds: optimistic-lock
 * versions, write ids and claim tokens, which every extra attempt moves on.
 */
const HOW_WRITTEN = new Set(['version', 'writeId', 'lastClaim']);

/**
 * The run's final state: the funnel of every journey summed per run, step and variant (the rows
 * themselves are per task); the messages delivered, each by its key; and every other item of the
 * tables as it is, less how it was written.
 */
export async function finalState(
  engine: LocalEngine,
  delivered: readonly OutgoingMessage[],
): Promise<FinalState> {
  const state: FinalState = {};
  const add = (kind: string, line: string) => {
    const lines = state[kind] ?? [];
    lines.push(line);
    state[kind] = lines;
  };
  for (const journeyId of engine.deps.catalog.journeys.keys()) {
    const sums = new Map<string, Record<string, number>>();
    for (const row of await engine.deps.stores.funnel.rows(journeyId)) {
      const key = [journeyId, row.runId, row.stepId, row.variant].join(' ');
      const sum = sums.get(key) ?? {};
      for (const [metric, value] of Object.entries(row.counts))
        if (!RETRY_METRICS.has(metric)) sum[metric] = (sum[metric] ?? 0) + (value ?? 0);
      sums.set(key, sum);
    }
    for (const [key, sum] of sums) add('funnel', `${key} ${stable(sum)}`);
  }
  const keys = new Map<string, number>();
  for (const message of delivered)
    keys.set(message.idempotencyKey, (keys.get(message.idempotencyKey) ?? 0) + 1);
  for (const key of keys.keys()) add('message', key);
  // How each execution ended: a fault its retries absorbed leaves every one as the clean run did.
  for (const execution of engine.executions.list())
    add(
      'execution',
      `${execution.machine} ${execution.name} ${execution.status}${execution.error ? ` ${execution.error.message}` : ''}`,
    );
  const client = localDocumentClient({ endpoint: engine.dynamoEndpoint });
  try {
    for (const [table, name] of Object.entries(LOCAL_TABLES))
      for (const item of await scanAll(client, name)) {
        const kind = kindOf(table, item);
        if (kind === 'funnel') continue;
        add(
          kind,
          stable(Object.fromEntries(Object.entries(item).filter(([field]) => !HOW_WRITTEN.has(field)))),
        );
      }
  } finally {
    client.destroy();
  }
  for (const lines of Object.values(state)) lines.sort();
  return state;
}

/** "state:grant", "customers", "outbox": the table, and in the state table the key's first word. */
function kindOf(table: string, item: Record<string, unknown>): string {
  if (table !== 'state') return table;
  const prefix = String(item.pk).split('#')[0] ?? '';
  // Rows counted from events are one per batch: a retried event lands in another batch's row, so
  // only their sums, above, must match.
  return prefix === 'funnel' || prefix === 'funnel-events' ? 'funnel' : `state:${prefix}`;
}

async function scanAll(client: DocumentClient, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.scan({ TableName: table, ExclusiveStartKey: startKey });
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** JSON with keys sorted at every level and sets as sorted arrays, so equal records print alike. */
export function stable(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (value instanceof Set) return [...value].map(sorted).sort();
  if (value instanceof Map) return sorted(Object.fromEntries(value));
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => [key, sorted(item)]),
  );
}
