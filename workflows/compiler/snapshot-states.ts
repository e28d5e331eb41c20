import { type AslState, placeholder } from './asl.ts';
import { STATE } from './names.ts';
import { recordFailureCatch, taskRetry, withResilience } from './resilience.ts';
import type { MapOptions } from './shard-map.ts';

/**
 * Segments snapshotted at once. One segment writes enrollments at about 5,000 units a second
 * (BatchWrite of 25, 4 in flight), so 10 already pass a warm table's 40,000/s quota; more would
 * only be throttled, and each segment must finish within its function's timeout.
 */
export const SNAPSHOT_MAX_CONCURRENCY = 10;

/**
 * The first states of a scheduled run. A Map over the audience's segments (from the execution
 * input, one item per segment) snapshots each into the run's cohort in parallel; then one task
 * describes the cohort, which the rest of the journey iterates over shard by shard.
 */
export function snapshotStates(next: string, options: MapOptions): Record<string, AslState> {
  const taskName = `${STATE.snapshot}.Segment`;
  return {
    [STATE.snapshot]: {
      Type: 'Map',
      Comment: 'snapshot the audience, one segment per item: scan, re-entry rule, shards',
      ItemsPath: '$.audience.segments',
      ItemSelector: {
        operation: 'segment',
        'run.$': '$.run',
        'cohortId.$': '$.cohort.id',
        'segment.$': '$$.Map.Item.Value',
        'segments.$': 'States.ArrayLength($.audience.segments)',
        'pastRunId.$': '$.audience.pastRunId',
      },
      ItemProcessor: {
        // Standard children: a segment may run for minutes, longer than an Express child may live.
        ProcessorConfig:
          options.mapMode === 'distributed'
            ? { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }
            : { Mode: 'INLINE' },
        StartAt: taskName,
        States: {
          [taskName]: {
            Type: 'Task',
            Resource: placeholder('Snapshot'),
            Retry: taskRetry(),
            End: true,
          },
        },
      },
      MaxConcurrency: Math.min(options.maxConcurrency, SNAPSHOT_MAX_CONCURRENCY),
      ResultPath: null,
      Catch: recordFailureCatch(),
      Next: STATE.describeCohort,
    },
    [STATE.describeCohort]: withResilience({
      Type: 'Task',
      Comment: 'the cohort the snapshot wrote: its non-empty shards and size',
      Resource: placeholder('Snapshot'),
      Parameters: { operation: 'describe', 'run.$': '$.run', 'cohortId.$': '$.cohort.id' },
      ResultPath: '$.cohort',
      Next: STATE.anyoneToEnter,
    }),
    // An empty audience ends the run here instead of sitting through the journey's waits.
    [STATE.anyoneToEnter]: {
      Type: 'Choice',
      Choices: [{ Variable: '$.cohort.size', NumericEquals: 0, Next: STATE.done }],
      Default: next,
    },
  };
}
