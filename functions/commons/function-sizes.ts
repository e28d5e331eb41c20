/** Memory of each Lambda function in MB: what CDK deploys and what the cost model prices. */
export const FUNCTION_MEMORY_MB = {
  'ingest-events': 1024,
  'start-cohorts': 1769,
  partition: 1024,
  send: 1024,
  grant: 512,
  update: 512,
  record: 256,
  fork: 256,
} as const;
