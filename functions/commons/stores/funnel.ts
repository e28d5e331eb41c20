import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';
import { mapLimit } from '../util/concurrency.ts';

/** The counters of the funnel. People are counted once per run; money is summed. */
export const FUNNEL_METRICS = [
  'entered',
  // At a split step: treated members assigned to the variant at entry, whether or not they reach it.
  'assigned',
  'heldOut',
  'excluded',
  'converted',
  'completed',
  'exited',
  'sent',
  'skippedConsent',
  'skippedUnsubscribed',
  'skippedSuppressed',
  'skippedNoAddress',
  'skippedNoDevice',
  'skippedNoOffer',
  'deferredQuietHours',
  'capped',
  'rejected',
  'duplicates',
  'redelivered',
  'granted',
  'alreadyGranted',
  'updated',
  'addedToCart',
  'ordered',
  'newCustomers',
  'revenue',
  'offerCost',
  'failed',
  // Delivery feedback per send step, each message counted once per kind (the event ids dedupe it).
  'delivered',
  'deliveryFailed',
  'bounced',
  'complained',
  'opened',
  'clicked',
] as const;
export type FunnelMetric = (typeof FUNNEL_METRICS)[number];
export type FunnelCounts = Partial<Record<FunnelMetric, number>>;

export interface FunnelRow {
  readonly journeyId: string;
  readonly runId: string;
  readonly stepId: string;
  /** "treated", "holdout", or a split variant name. */
  readonly variant: string;
  readonly counts: FunnelCounts;
}

export interface FunnelStore {
  /**
   * Sets the counts of one task (a shard at a step) in a row of its own, replacing what an earlier
   * attempt of the task set: counts a retried task recomputes from what it recorded are counted once.
   * Answers the counts the row held before (none for a new row), so metrics can take the difference.
   */
  set(row: FunnelRow, task: string): Promise<FunnelCounts>;
  /**
   * Sets the counts of a batch of events in a row named after a digest of them, so that the same
   * events counted again replace it. Kept apart from the tasks' rows, since there is one per batch:
   * the steps of a run are read from the tasks' rows alone.
   */
  setFromEvents(row: FunnelRow, digest: string): Promise<void>;
  /** Deletes the row `setFromEvents` wrote, if there is one: a failed batch takes its counts back. */
  unsetFromEvents(row: FunnelRow, digest: string): Promise<void>;
  rows(journeyId: string): Promise<FunnelRow[]>;
  /** The steps a run counted anything at (every step has a task's row): whatever version of the journey it ran. */
  stepsOf(journeyId: string, runId: string): Promise<string[]>;
}

export class DynamoFunnelStore implements FunnelStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async set(row: FunnelRow, task: string): Promise<FunnelCounts> {
    return this.#put(taskRowKey(row, task), row);
  }

  async setFromEvents(row: FunnelRow, digest: string): Promise<void> {
    await this.#put(
      stateKeys.funnelFromEvents(row.journeyId, row.runId, row.stepId, row.variant, digest),
      row,
    );
  }

  async unsetFromEvents(row: FunnelRow, digest: string): Promise<void> {
    const key = stateKeys.funnelFromEvents(row.journeyId, row.runId, row.stepId, row.variant, digest);
    await this.client.delete({ TableName: this.table, Key: key });
  }

  async #put(key: { pk: string; sk: string }, row: FunnelRow): Promise<FunnelCounts> {
    const { Attributes } = await this.client.put({
      TableName: this.table,
      Item: {
        ...key,
        journeyId: row.journeyId,
        runId: row.runId,
        stepId: row.stepId,
        variant: row.variant,
        ...Object.fromEntries(
          Object.entries(row.counts).filter(([, value]) => value !== undefined && value !== 0),
        ),
      },
      // The old item comes back in the same answer, at no extra capacity.
      ReturnValues: 'ALL_OLD',
    });
    return countsOf(Attributes ?? {});
  }

  async rows(journeyId: string): Promise<FunnelRow[]> {
    const partitions = [
      ...stateKeys.funnelPartitions(journeyId),
      ...stateKeys.funnelFromEventsPartitions(journeyId),
    ];
    const pages = await mapLimit(partitions, 8, (pk) =>
      queryAll<Record<string, unknown>>(this.client, this.table, pk),
    );
    return pages.flat().map((item) => ({
      journeyId: String(item.journeyId),
      runId: String(item.runId),
      stepId: String(item.stepId),
      variant: String(item.variant),
      counts: countsOf(item),
    }));
  }

  async stepsOf(journeyId: string, runId: string): Promise<string[]> {
    const pages = await mapLimit(stateKeys.funnelPartitions(journeyId), 8, (pk) =>
      queryAll<{ stepId: string }>(this.client, this.table, pk, { prefix: `${runId}#` }),
    );
    return [...new Set(pages.flat().map((item) => item.stepId))].sort();
  }
}

/** A task's row: its counts apart from every other task's. */
function taskRowKey(row: FunnelRow, task: string): { pk: string; sk: string } {
  const key = stateKeys.funnel(row.journeyId, row.runId, row.stepId, row.variant, task);
  return { pk: key.pk, sk: `${key.sk}#${task}` };
}

/** The funnel counters an item holds. */
function countsOf(item: Record<string, unknown>): FunnelCounts {
  return Object.fromEntries(
    FUNNEL_METRICS.filter((metric) => typeof item[metric] === 'number').map((metric) => [
      metric,
      item[metric] as number,
    ]),
  );
}
