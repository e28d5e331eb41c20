import { z } from 'zod';

/** What a shard task returns: counts for logs and tests (the Map drops them, so state never grows). */
export const ShardResult = z.strictObject({ counts: z.record(z.string(), z.number()) });
export type ShardResult = z.infer<typeof ShardResult>;
