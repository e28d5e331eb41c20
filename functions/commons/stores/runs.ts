import { batchGet, isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';

export interface RunRecord {
  readonly journeyId: string;
  readonly runId: string;
  readonly journeyVersion: number;
  readonly startedAt: number;
  readonly trigger: 'event' | 'schedule';
  readonly failures?: number;
  readonly lastFailure?: string;
}

export interface RunStore {
  /** Records a run once; false when it already exists (a schedule that fired twice). */
  create(run: RunRecord): Promise<boolean>;
  recordFailure(journeyId: string, runId: string, failure: string): Promise<void>;
  runs(journeyId: string): Promise<RunRecord[]>;
  /** These runs' records, those that exist. */
  runsOf(runs: readonly { journeyId: string; runId: string }[]): Promise<RunRecord[]>;
}

export class DynamoRunStore implements RunStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async create(run: RunRecord): Promise<boolean> {
    try {
      await this.client.put({
        TableName: this.table,
        Item: { ...stateKeys.run(run.journeyId, run.runId), ...run },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async recordFailure(journeyId: string, runId: string, failure: string): Promise<void> {
    await this.client.update({
      TableName: this.table,
      Key: stateKeys.run(journeyId, runId),
      UpdateExpression: 'SET lastFailure = :failure ADD failures :one',
      ExpressionAttributeValues: { ':failure': failure.slice(0, 1000), ':one': 1 },
    });
  }

  async runs(journeyId: string): Promise<RunRecord[]> {
    return queryAll<RunRecord>(this.client, this.table, stateKeys.runsOf(journeyId));
  }

  async runsOf(runs: readonly { journeyId: string; runId: string }[]): Promise<RunRecord[]> {
    const items = await batchGet<RunRecord & { pk?: string; sk?: string }>(
      this.client,
      this.table,
      // BatchGetItem refuses a key twice.
      [
        ...new Map(
          runs.map(({ journeyId, runId }) => [`${journeyId}\u0000${runId}`, stateKeys.run(journeyId, runId)]),
        ).values(),
      ],
    );
    return items.map(({ pk: _pk, sk: _sk, ...run }) => run);
  }
}
