import { MAX_AUDIENCE_SEGMENTS } from '../../workflows/contracts/execution.ts';
import { BUCKETS } from '../commons/dynamo/keys.ts';

/**
 * Segments when the table's item count is 0, which DynamoDB reports for a new table and for one
 * loaded in the last six hours or so: the audience may be large, so do not read it all in one.
 */
export const SEGMENTS_WHEN_SIZE_UNKNOWN = 8;

/**
 * How many segments the snapshot reads in parallel: the fixed AUDIENCE_SEGMENTS, or the customers
 * table's size over the customers one segment reads. A past run's audience is read from its
 * send logs, filed in BUCKETS.sendLog buckets by shard: that many parts at most.
 */
export function snapshotSegments(sizing: {
  fixed?: number;
  approximateCustomers: number;
  customersPerSegment: number;
  fromPastRun: boolean;
}): number {
  const wanted =
    sizing.fixed ??
    (sizing.approximateCustomers > 0
      ? Math.ceil(sizing.approximateCustomers / sizing.customersPerSegment)
      : SEGMENTS_WHEN_SIZE_UNKNOWN);
  const segments = Math.min(Math.max(wanted, 1), MAX_AUDIENCE_SEGMENTS);
  return sizing.fromPastRun ? Math.min(segments, BUCKETS.sendLog) : segments;
}
