import type { TaskRole } from '../workflows/compiler/asl.ts';

/** One Lambda function as CDK deploys it, the cost model prices it and the local engine names it. */
export interface FunctionSpec {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** The task role of the compiled ASL this function serves, for a function the state machines call. */
  readonly role?: TaskRole;
}

/** The functions journeys run; with DEPLOY_TABLE, one per folder of functions/, by the folder's name. */
const TABLE = {
  'ingest-events': { memoryMb: 1024, timeoutSeconds: 60 },
  // One event per call, behind the events API, whose integrations time out at 30 s.
  unsubscribe: { memoryMb: 512, timeoutSeconds: 30 },
  // A page of one customer's inbox, or one read (and its open event), behind the events API too.
  inbox: { memoryMb: 512, timeoutSeconds: 30 },
  // One customer's erasure or export: reads by key across the tables, behind the events API too.
  'customer-rights': { memoryMb: 512, timeoutSeconds: 30 },
  // Segment's tracking API: a batch of at most 500 KB of calls, ingested like POST /events, behind the events API.
  'segment-events': { memoryMb: 1024, timeoutSeconds: 30 },
  // Checks a Segment write key against its secret; API Gateway caches the answer per key.
  'segment-authorizer': { memoryMb: 256, timeoutSeconds: 10 },
  // EventBridge events from an SQS queue, up to 100 a batch, ingested together like POST /events.
  'eventbridge-events': { memoryMb: 1024, timeoutSeconds: 60 },
  'start-cohorts': { memoryMb: 1769, timeoutSeconds: 300 },
  // One SES event per call from an EventBridge rule, ingested like a batch of one.
  'email-feedback': { memoryMb: 512, timeoutSeconds: 60 },
  // One SNS notification per call (a two-way SMS reply or a delivery event), ingested like a batch.
  'sms-feedback': { memoryMb: 512, timeoutSeconds: 60 },
  // A CloudWatch Logs subscription batch of SNS's push delivery statuses, ingested together.
  'push-feedback': { memoryMb: 512, timeoutSeconds: 60 },
  // A segment reads and enrolls up to AUDIENCE_SEGMENT_CUSTOMERS (50,000 by default) customers.
  'snapshot-audience': { memoryMb: 1769, timeoutSeconds: 900, role: 'Snapshot' },
  // A batch of 500 imported rows (the import's ItemBatcher), or reading a file's mapping first.
  'import-customers': { memoryMb: 1024, timeoutSeconds: 120 },
  partition: { memoryMb: 1024, timeoutSeconds: 60, role: 'Partition' },
  send: { memoryMb: 1024, timeoutSeconds: 60, role: 'Send' },
  grant: { memoryMb: 512, timeoutSeconds: 60, role: 'Grant' },
  update: { memoryMb: 512, timeoutSeconds: 60, role: 'Update' },
  record: { memoryMb: 256, timeoutSeconds: 60, role: 'Record' },
  fork: { memoryMb: 256, timeoutSeconds: 60, role: 'Fork' },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof TABLE;

/** The task roles the table's functions serve: every TaskRole (test/functions/function-table.test.ts). */
export type ServedRole = {
  [Name in FunctionName]: (typeof TABLE)[Name] extends { role: infer Role } ? Role : never;
}[FunctionName];

export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = TABLE;

/** Every function, in the order of the table. */
export const FUNCTION_NAMES = Object.keys(TABLE) as readonly FunctionName[];

/** Memory of each function in MB. */
export const FUNCTION_MEMORY_MB = Object.fromEntries(
  FUNCTION_NAMES.map((name) => [name, FUNCTIONS[name].memoryMb]),
) as Readonly<Record<FunctionName, number>>;

/** Timeout of each function in seconds. */
export const FUNCTION_TIMEOUT_SECONDS = Object.fromEntries(
  FUNCTION_NAMES.map((name) => [name, FUNCTIONS[name].timeoutSeconds]),
) as Readonly<Record<FunctionName, number>>;

/**
 * The functions that ingest events in-process (functions/ingest-events/ingest.ts), so read the
 * erasure tombstones' key: an event from before an erasure must not bring its customer back
 * (test/functions/function-table.test.ts finds them from their imports).
 */
export const INGESTING_FUNCTIONS = [
  'ingest-events',
  'unsubscribe',
  'inbox',
  'segment-events',
  'eventbridge-events',
  'start-cohorts',
  'email-feedback',
  'sms-feedback',
  'push-feedback',
  'send',
] as const satisfies readonly FunctionName[];

/**
 * Functions CloudFormation calls while it deploys (custom resources), by their folder's name. They
 * never serve a journey: the stack deploys one only when its resource is configured, no journey
 * meters it, and the cost model, which prices sends, leaves out their few calls per deploy.
 */
const DEPLOY_TABLE = {
  // A Secrets Manager read and one SNS call per platform application changed.
  'push-applications': { memoryMb: 256, timeoutSeconds: 60 },
} as const satisfies Record<string, FunctionSpec>;

export type DeployFunctionName = keyof typeof DEPLOY_TABLE;

export const DEPLOY_FUNCTIONS: Readonly<Record<DeployFunctionName, FunctionSpec>> = DEPLOY_TABLE;

export const DEPLOY_FUNCTION_NAMES = Object.keys(DEPLOY_TABLE) as readonly DeployFunctionName[];

/** The function that serves a task role of the compiled ASL. */
export function functionOfRole(role: TaskRole): FunctionName {
  const name = FUNCTION_NAMES.find((candidate) => FUNCTIONS[candidate].role === role);
  if (!name) throw new Error(`no function in functions/function-table.ts serves the task role ${role}`);
  return name;
}

/** The task role a function serves, or undefined for one the state machines do not call. */
export function roleOfFunction(name: FunctionName): TaskRole | undefined {
  return FUNCTIONS[name].role;
}
