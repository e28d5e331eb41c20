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
  /** How many of the run's executions (cohorts) failed after their retries. */
  readonly failures?: number;
  readonly lastFailure?: string;
}

export interface RunStore {
  /** Records a run once; false when it already exists (a schedule that fired twice). */
  create(run: RunRecord): Promise<boolean>;
  /** Records that a cohort of the run failed; a cohort recorded again still counts once. */
  recordFailure(journeyId: string, runId: string, cohortId: string, failure: string): Promise<void>;
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

  async recordFailure(journeyId: string, runId: string, cohortId: string, failure: string): Promise<void> {
    // A set of the failed cohorts, not a counter: adding a cohort again (a retried task) changes nothing.
    await this.client.update({
      TableName: this.table,
      Key: stateKeys.run(journeyId, runId),
      UpdateExpression: 'SET lastFailure = :failure ADD failedCohorts :cohort',
      ExpressionAttributeValues: { ':failure': failure.slice(0, 1000), ':cohort': new Set([cohortId]) },
    });
  }

  async runs(journeyId: string): Promise<RunRecord[]> {
    return (await queryAll<StoredRun>(this.client, this.table, stateKeys.runsOf(journeyId))).map(runRecord);
  }

  async runsOf(runs: readonly { journeyId: string; runId: string }[]): Promise<RunRecord[]> {
    const items = await batchGet<StoredRun & { pk?: string; sk?: string }>(
      this.client,
      this.table,
      // BatchGetItem refuses a key twice.
      [
        ...new Map(
          runs.map(({ journeyId, runId }) => [`${journeyId}\u0000${runId}`, stateKeys.run(journeyId, runId)]),
        ).values(),
      ],
    );
    return items.map(({ pk: _pk, sk: _sk, ...run }) => runRecord(run));
  }
}

type StoredRun = RunRecord & { readonly failedCohorts?: ReadonlySet<string> };

/** The run as stored, its failures counted from the set of failed cohorts (a counter on older items). */
function runRecord({ failedCohorts, ...run }: StoredRun): RunRecord {
  return failedCohorts ? { ...run, failures: failedCohorts.size } : run;
}
