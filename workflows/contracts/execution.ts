import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Goal } from '../schema/journey.ts';
import { Step } from '../schema/steps.ts';

/** Identifies one run of a journey; every execution of the run carries it. */
export const RunContext = z.strictObject({
  journeyId: z.string().min(1),
  journeyVersion: z.number().int().positive(),
  runId: z.string().min(1).max(80),
  /** When the run started (ISO 8601), for "since entry" conditions and the goal window. */
  startedAt: z.iso.datetime({ offset: true }),
  stateMachineVersion: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe(
      'The state machine version the run executes (a version ARN in AWS, "<journey>:<n>" locally), named when its first cohort starts: every fork of the run starts on it, so a customer finishes the version they entered.',
    ),
});
export type RunContext = z.infer<typeof RunContext>;

/** The alias of each journey's state machine that new cohorts start through; a deploy points it at the version it publishes. */
export const LIVE_ALIAS = 'live';

/** A cohort as the state machine sees it: its id and the shards its members sit in. */
export const CohortDescriptor = z.strictObject({
  id: z.string().min(1).max(200),
  shards: z
    .array(z.number().int().nonnegative())
    .describe('Shard numbers; members of a shard sit under (cohort id, shard).'),
  size: z
    .number()
    .int()
    .nonnegative()
    .describe('Members when the cohort was formed: an upper bound after goal exits.'),
});
export type CohortDescriptor = z.infer<typeof CohortDescriptor>;

/** The most segments one audience snapshot is split into (Distributed Map items). */
export const MAX_AUDIENCE_SEGMENTS = 1_000;

/**
 * A scheduled run's audience, still to be snapshotted by the execution itself: one Map item per
 * segment, in parallel, so no single invocation has to read and enroll a whole audience.
 */
export const AudienceToSnapshot = z.strictObject({
  segments: z
    .array(z.number().int().nonnegative())
    .min(1)
    .max(MAX_AUDIENCE_SEGMENTS)
    .describe('The segment numbers 0..n-1; each Map item snapshots one.'),
  pastRunId: z
    .string()
    .min(1)
    .nullable()
    .describe('For a "from_run" audience, the past run it is drawn from, resolved once at the start.'),
});

/** The input of one execution: a cohort at a position in the journey. */
export const ExecutionInput = z.strictObject({
  run: RunContext,
  cohort: CohortDescriptor,
  at: z
    .string()
    .optional()
    .describe('The step where this cohort starts; absent for a cohort entering the journey.'),
  audience: AudienceToSnapshot.optional().describe(
    'Present when a scheduled run starts: its cohort is empty until the audience is snapshotted.',
  ),
});
export type ExecutionInput = z.infer<typeof ExecutionInput>;

/** What a snapshot Map item hands to the snapshot function: one segment of the audience. */
export const SnapshotSegmentTask = z.strictObject({
  operation: z.literal('segment'),
  run: RunContext,
  cohortId: z.string().min(1),
  segment: z.number().int().nonnegative(),
  segments: z.number().int().min(1).max(MAX_AUDIENCE_SEGMENTS),
  pastRunId: z.string().min(1).nullable(),
});
export type SnapshotSegmentTask = z.infer<typeof SnapshotSegmentTask>;

/** After every segment is written: the cohort as the state machine sees it. */
const DescribeCohortTask = z.strictObject({
  operation: z.literal('describe'),
  run: RunContext,
  cohortId: z.string().min(1),
});

export const SnapshotTask = z.discriminatedUnion('operation', [SnapshotSegmentTask, DescribeCohortTask]);
export type SnapshotTask = z.infer<typeof SnapshotTask>;

const SnapshotSegmentResult = z.strictObject({
  customers: z.number().int().nonnegative(),
  shards: z.number().int().nonnegative(),
});
export type SnapshotSegmentResult = z.infer<typeof SnapshotSegmentResult>;
export const SnapshotResult = z.union([SnapshotSegmentResult, CohortDescriptor]);
export type SnapshotResult = z.infer<typeof SnapshotResult>;

const shardTaskBase = {
  run: RunContext,
  cohortId: z.string().min(1),
  shard: z.number().int().nonnegative(),
  goal: Goal.optional(),
};

/** What a Map item hands to the send, grant and update functions: one shard, one step. */
export const StepShardTask = z.strictObject({ ...shardTaskBase, step: Step });
export type StepShardTask = z.infer<typeof StepShardTask>;

/** What a Map item hands to the partition function. */
export const PartitionShardTask = z.discriminatedUnion('operation', [
  z.strictObject({ ...shardTaskBase, operation: z.literal('enter'), holdout: z.number().min(0).max(100) }),
  z.strictObject({ ...shardTaskBase, operation: z.literal('branch'), step: Step }),
  z.strictObject({ ...shardTaskBase, operation: z.literal('split'), step: Step }),
  z.strictObject({ ...shardTaskBase, operation: z.literal('holdout'), step: Step }),
  z.strictObject({
    ...shardTaskBase,
    operation: z.literal('wait_for_check'),
    step: Step,
    check: z.number().int().nonnegative(),
  }),
]);
export type PartitionShardTask = z.infer<typeof PartitionShardTask>;

/** What a Map item hands to the record function at the end of a path. */
export const RecordShardTask = z.strictObject({
  ...shardTaskBase,
  operation: z.enum(['exit', 'complete']),
  stepId: z.string().optional(),
});
export type RecordShardTask = z.infer<typeof RecordShardTask>;

/** Recorded once per execution when a step fails after its retries. */
export const RecordFailureTask = z.strictObject({
  operation: z.literal('failure'),
  run: RunContext,
  cohort: CohortDescriptor,
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).loose(),
});
export type RecordFailureTask = z.infer<typeof RecordFailureTask>;

export const ForkRoute = z.strictObject({
  label: z.string().min(1),
  at: z
    .string()
    .min(1)
    .describe('The step id where this sub-cohort goes; "$end" for the end of the journey.'),
});
export type ForkRoute = z.infer<typeof ForkRoute>;

/**
 * After a partition, turns each labelled sub-cohort into a cohort: every route but `continueWith`
 * starts an execution of its own at its step; the result is the cohort this execution continues with.
 */
export const ForkTask = z.strictObject({
  run: RunContext,
  parent: CohortDescriptor,
  stepId: z.string().min(1),
  routes: z.array(ForkRoute),
  /** The label this execution continues with, or absent when the parent cohort itself continues (wait_for). */
  continueWith: z.string().optional(),
  check: z.number().int().nonnegative().optional(),
});
export type ForkTask = z.infer<typeof ForkTask>;
export const ForkResult = CohortDescriptor;

/**
 * The id of the sub-cohort that a partition writes for one label. Partition and fork both
 * derive it, so they agree without passing ids around; hashing keeps ids short in loops.
 */
export function subCohortId(parentId: string, stepId: string, label: string, runId: string): string {
  const digest = createHash('sha256')
    .update(`${parentId}\u0000${stepId}\u0000${label}`)
    .digest('hex')
    .slice(0, 16);
  return `${runId}~${digest}`;
}

/** The run a cohort belongs to: the run's own cohort has the run's id, and its sub-cohorts start with it. */
export function runOfCohort(cohortId: string): string {
  return cohortId.split('~', 1)[0] ?? cohortId;
}

/** The label under which a wait_for check writes the customers who did the event. */
export function eventLabel(check: number): string {
  return `event-${check}`;
}

/**
 * A Step Functions execution name for a cohort: at most 80 of [A-Za-z0-9-_]. The name is what
 * makes a start idempotent, so it must be a pure function of the cohort id.
 */
export function executionName(cohortId: string): string {
  const safe = cohortId.replace(/[^A-Za-z0-9_-]/g, '-');
  if (safe.length <= 80) return safe;
  const digest = createHash('sha256').update(cohortId).digest('hex').slice(0, 16);
  return `${safe.slice(0, 63)}-${digest}`;
}
