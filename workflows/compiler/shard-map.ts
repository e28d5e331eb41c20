import { type AslState, type Json, placeholder, type TaskRole } from './asl.ts';
import { sub } from './names.ts';
import { recordFailureCatch, taskRetry } from './resilience.ts';

export interface MapOptions {
  /** "inline" runs shard items inside the execution; "distributed" runs them as Express child workflows. */
  readonly mapMode: 'inline' | 'distributed';
  /** How many shards are processed at once. */
  readonly maxConcurrency: number;
}

/**
 * A Map over the cohort's shard numbers (never over customers): each item is one call of
 * `role` for one shard, with the run, cohort id, shard number and the static `payload`.
 * Item results are dropped, so the execution state never grows with the cohort.
 */
export function shardMap(
  name: string,
  role: TaskRole,
  payload: Record<string, Json>,
  next: string,
  options: MapOptions,
  comment: string,
): AslState {
  const taskName = sub(name, 'Shard');
  return {
    Type: 'Map',
    Comment: comment,
    ItemsPath: '$.cohort.shards',
    ItemSelector: {
      'run.$': '$.run',
      'cohortId.$': '$.cohort.id',
      'shard.$': '$$.Map.Item.Value',
      ...payload,
    },
    ItemProcessor: {
      ProcessorConfig:
        options.mapMode === 'distributed'
          ? { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }
          : { Mode: 'INLINE' },
      StartAt: taskName,
      States: {
        [taskName]: { Type: 'Task', Resource: placeholder(role), Retry: taskRetry(), End: true },
      },
    },
    MaxConcurrency: options.maxConcurrency,
    ResultPath: null,
    Catch: recordFailureCatch(),
    Next: next,
  };
}
