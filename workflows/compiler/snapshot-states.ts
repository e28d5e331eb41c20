import { type AslState, placeholder } from './asl.ts';
import { STATE } from './names.ts';
import { recordFailureCatch, taskRetry, withResilience } from './resilience.ts';
import { itemProcessorConfig, type MapOptions } from './shard-map.ts';

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
        ProcessorConfig: itemProcessorConfig(options),
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
      MaxConcurrency: options.maxConcurrency,
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
      Next: next,
    }),
  };
}
