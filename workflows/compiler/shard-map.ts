import { type AslState, type Json, placeholder, type TaskRole } from './asl.ts';
import { sub } from './names.ts';
import { recordFailureCatch, taskRetry } from './resilience.ts';

export interface MapOptions {
  /** "inline" runs shard items inside the execution; "distributed" runs them as Express child workflows. */
  readonly mapMode: 'inline' | 'distributed';
  /** How many shards are processed at once. */
  readonly maxConcurrency: number;
}

/** Distributed Maps run their items as Express child workflows; inline ones inside the execution. */
function itemProcessorConfig(options: MapOptions): Json {
  return options.mapMode === 'distributed'
    ? { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }
    : { Mode: 'INLINE' };
}

/**
 * Where a shard Map's results go. By default they are dropped, so the execution state never
 * grows with the cohort; a wait_for check keeps one flag: did anyone move?
 */
export type ShardMapResult = 'drop' | { readonly anyMovedAt: string };

/**
 * A Map over the cohort's shard numbers (never over customers): each item is one call of
 * `role` for one shard, with the run, cohort id, shard number and the static `payload`. Each
 * item yields only its shard result's `moved` flag (see ShardResult), so even a Distributed
 * Map of 20,000 shards collects a small array.
 */
export function shardMap(
  name: string,
  role: TaskRole,
  payload: Record<string, Json>,
  next: string,
  options: MapOptions,
  comment: string,
  result: ShardMapResult = 'drop',
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
      ProcessorConfig: itemProcessorConfig(options),
      StartAt: taskName,
      States: {
        [taskName]: {
          Type: 'Task',
          Resource: placeholder(role),
          OutputPath: '$.moved',
          Retry: taskRetry(),
          End: true,
        },
      },
    },
    MaxConcurrency: options.maxConcurrency,
    ...(result === 'drop'
      ? { ResultPath: null }
      : {
          ResultSelector: { 'any.$': 'States.ArrayContains($, true)' },
          ResultPath: result.anyMovedAt,
        }),
    Catch: recordFailureCatch(),
    Next: next,
  };
}
