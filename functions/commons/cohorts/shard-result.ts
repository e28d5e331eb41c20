import { z } from 'zod';

/**
 * What a shard task returns. The state machine keeps only `moved` (the task state's OutputPath):
 * whether any customer left the shard for a sub-cohort, which tells a wait_for check whether to
 * fork. One boolean per shard keeps a 20,000-shard Distributed Map (10M customers) well under
 * its 256 KB result limit. `counts` are for logs and tests.
 */
export const ShardResult = z.strictObject({
  counts: z.record(z.string(), z.number()),
  moved: z.boolean(),
});
export type ShardResult = z.infer<typeof ShardResult>;

/** The result of a shard task after which every customer is still in the shard. */
export const stayedInShard = (counts: Record<string, number>): ShardResult => ({ counts, moved: false });
