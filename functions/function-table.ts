/** Memory of each Lambda function in MB: what CDK deploys and what the cost model prices. */
export const FUNCTION_MEMORY_MB = {
  'ingest-events': 1024,
  'start-cohorts': 1769,
  'snapshot-audience': 1769,
  partition: 1024,
  send: 1024,
  grant: 512,
  update: 512,
  record: 256,
  fork: 256,
} as const;

/** Timeout of each Lambda function in seconds, as CDK deploys it. */
export const FUNCTION_TIMEOUT_SECONDS = {
  'ingest-events': 60,
  'start-cohorts': 300,
  // A segment reads and enrolls up to AUDIENCE_SEGMENT_CUSTOMERS (50,000 by default) customers.
  'snapshot-audience': 900,
  partition: 60,
  send: 60,
  grant: 60,
  update: 60,
  record: 60,
  fork: 60,
} as const satisfies Record<keyof typeof FUNCTION_MEMORY_MB, number>;
