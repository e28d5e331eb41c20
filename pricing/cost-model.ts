import { FUNCTION_MEMORY_MB, type FunctionName } from '../functions/function-table.ts';
import { AWS_PRICES, type PriceTable, priceOf } from './prices.ts';

/**
 * What the cost model reads from a simulation: the AWS operations the local engine counted
 * (`OperationCounts` of engine/metering/operations.ts, or `operations` of the JSON report), and the
 * customer events the events API received.
 */
export interface MeasuredCounts {
  /** States entered by the Standard (cohort) executions themselves. */
  readonly standardTransitions: number;
  /** Map items: each one is an Express child execution started by a Distributed Map in AWS. */
  readonly expressChildren: number;
  /** States entered inside Map items; Express bills duration, not transitions. */
  readonly expressTransitions: number;
  /** Invocations by function name ("send", "partition", "start-cohorts", ...). */
  readonly lambdaInvocations: Readonly<Record<string, number>>;
  /**
   * Consumed capacity as DynamoDB reported it per request: on-demand read and write request units.
   * `providerWriteCapacity` is the part written to the local message outbox, which stands in for
   * the message provider and is left out of the bill like the messages themselves.
   */
  readonly dynamo: {
    readonly readCapacity: number;
    readonly writeCapacity: number;
    readonly providerWriteCapacity?: number;
  };
  /** Customer events posted to the events API. @default 0: no API Gateway or ingest cost */
  readonly events?: number;
}

/** Memory of each function in MB, as deployed (one table for CDK and this model). */
export const LAMBDA_MEMORY_MB: Readonly<Record<string, number>> = FUNCTION_MEMORY_MB;

/** What the counts do not say and the bill needs. Every field is a stated guess, not a measurement. */
export interface BillAssumptions {
  /** Memory by function name, in MB. @default LAMBDA_MEMORY_MB */
  readonly lambdaMemoryMb: Readonly<Record<string, number>>;
  /** Memory of a function missing from `lambdaMemoryMb`. @default 1024 */
  readonly lambdaDefaultMemoryMb: number;
  /** Average billed duration per invocation by function name, in ms. @default ingest-events 100 ms */
  readonly lambdaDurationMs: Readonly<Record<string, number>>;
  /** Average billed duration of a function missing from `lambdaDurationMs`: one shard of 500 customers. @default 300 */
  readonly lambdaDefaultDurationMs: number;
  /** Memory an Express child execution is billed for; rounded up to 64-MB chunks. @default 64 */
  readonly expressMemoryMb: number;
  /** Average duration of an Express child (one Task around one Lambda call); rounded up to 100 ms. @default 1000 */
  readonly expressDurationMs: number;
  /**
   * Whether each Distributed Map child start is billed as a state transition of the parent, as AWS
   * does. The local engine runs the Map inline and does not count it in `standardTransitions`.
   * @default true
   */
  readonly billChildStartsAsTransitions: boolean;
  /** The function every EventBridge Scheduler invocation (minute ticker, journey schedules) calls. @default "start-cohorts" */
  readonly scheduledFunction: string;
  /** Events per events-API request: 1 when the storefront posts each event alone (the worst case). @default 1 */
  readonly eventsPerApiRequest: number;
  /** The function behind the events API, invoked once per API request. @default "ingest-events" */
  readonly ingestFunction: string;
}

export const DEFAULT_ASSUMPTIONS: BillAssumptions = {
  lambdaMemoryMb: LAMBDA_MEMORY_MB,
  lambdaDefaultMemoryMb: 1024,
  lambdaDurationMs: { 'ingest-events': 100 } satisfies Partial<Record<FunctionName, number>>,
  lambdaDefaultDurationMs: 300,
  expressMemoryMb: 64,
  expressDurationMs: 1000,
  billChildStartsAsTransitions: true,
  scheduledFunction: 'start-cohorts' satisfies FunctionName,
  eventsPerApiRequest: 1,
  ingestFunction: 'ingest-events' satisfies FunctionName,
};

export interface FunctionCost {
  readonly invocations: number;
  readonly gbSeconds: number;
  readonly usd: number;
}

/** The estimated AWS bill of a run, by service, in US dollars. */
export interface AwsBill {
  readonly stepFunctionsStandard: { readonly transitions: number; readonly usd: number };
  readonly stepFunctionsExpress: {
    readonly requests: number;
    readonly gbSeconds: number;
    readonly requestsUsd: number;
    readonly durationUsd: number;
    readonly usd: number;
  };
  readonly lambda: {
    readonly requests: number;
    readonly gbSeconds: number;
    readonly requestsUsd: number;
    readonly durationUsd: number;
    readonly byFunction: Readonly<Record<string, FunctionCost>>;
    readonly usd: number;
  };
  readonly dynamoDb: {
    readonly writeRequestUnits: number;
    readonly readRequestUnits: number;
    readonly writeUsd: number;
    readonly readUsd: number;
    readonly usd: number;
  };
  readonly scheduler: { readonly invocations: number; readonly usd: number };
  readonly apiGateway: { readonly requests: number; readonly usd: number };
  readonly total: number;
}

const roundUp = (value: number, step: number) => Math.ceil(value / step) * step;

/** Prices the counts of a run: Step Functions, Lambda, DynamoDB, Scheduler and the events API. Messages are not included. */
export function awsBill(
  counts: MeasuredCounts,
  assumptions: Partial<BillAssumptions> = {},
  prices: PriceTable = AWS_PRICES,
): AwsBill {
  const a: BillAssumptions = { ...DEFAULT_ASSUMPTIONS, ...assumptions };
  for (const [name, value] of Object.entries({
    expressMemoryMb: a.expressMemoryMb,
    expressDurationMs: a.expressDurationMs,
    lambdaDefaultDurationMs: a.lambdaDefaultDurationMs,
    lambdaDefaultMemoryMb: a.lambdaDefaultMemoryMb,
    eventsPerApiRequest: a.eventsPerApiRequest,
  })) {
    if (!(value > 0)) throw new RangeError(`expected ${name} above 0, got ${value}`);
  }

  const transitions =
    counts.standardTransitions + (a.billChildStartsAsTransitions ? counts.expressChildren : 0);
  const standardUsd = priceOf(prices.stepFunctionsStandardTransition, transitions);

  const expressGbSeconds =
    counts.expressChildren *
    (roundUp(a.expressMemoryMb, 64) / 1024) *
    (roundUp(a.expressDurationMs, 100) / 1000);
  const expressRequestsUsd = priceOf(prices.stepFunctionsExpressRequest, counts.expressChildren);
  const expressDurationUsd = priceOf(prices.stepFunctionsExpressGbSecond, expressGbSeconds);

  const apiRequests = Math.ceil((counts.events ?? 0) / a.eventsPerApiRequest);
  const invocations: Record<string, number> = { ...counts.lambdaInvocations };
  if (apiRequests > 0 && invocations[a.ingestFunction] === undefined)
    invocations[a.ingestFunction] = apiRequests;
  const byFunction: Record<string, FunctionCost> = {};
  let lambdaRequests = 0;
  let lambdaGbSeconds = 0;
  for (const [name, count] of Object.entries(invocations).sort(([x], [y]) => x.localeCompare(y))) {
    const memoryGb = (a.lambdaMemoryMb[name] ?? a.lambdaDefaultMemoryMb) / 1024;
    const seconds = (a.lambdaDurationMs[name] ?? a.lambdaDefaultDurationMs) / 1000;
    const gbSeconds = count * memoryGb * seconds;
    byFunction[name] = {
      invocations: count,
      gbSeconds,
      usd: priceOf(prices.lambdaRequest, count) + priceOf(prices.lambdaArmGbSecond, gbSeconds),
    };
    lambdaRequests += count;
    lambdaGbSeconds += gbSeconds;
  }
  const lambdaRequestsUsd = priceOf(prices.lambdaRequest, lambdaRequests);
  const lambdaDurationUsd = priceOf(prices.lambdaArmGbSecond, lambdaGbSeconds);

  const writeUnits = billedWriteUnits(counts.dynamo);
  const writeUsd = priceOf(prices.dynamoDbWriteRequestUnit, writeUnits);
  const readUsd = priceOf(prices.dynamoDbReadRequestUnit, counts.dynamo.readCapacity);

  const schedulerInvocations = counts.lambdaInvocations[a.scheduledFunction] ?? 0;
  const schedulerUsd = priceOf(prices.schedulerInvocation, schedulerInvocations);
  const apiUsd = priceOf(prices.apiGatewayHttpRequest, apiRequests);

  const bill = {
    stepFunctionsStandard: { transitions, usd: standardUsd },
    stepFunctionsExpress: {
      requests: counts.expressChildren,
      gbSeconds: expressGbSeconds,
      requestsUsd: expressRequestsUsd,
      durationUsd: expressDurationUsd,
      usd: expressRequestsUsd + expressDurationUsd,
    },
    lambda: {
      requests: lambdaRequests,
      gbSeconds: lambdaGbSeconds,
      requestsUsd: lambdaRequestsUsd,
      durationUsd: lambdaDurationUsd,
      byFunction,
      usd: lambdaRequestsUsd + lambdaDurationUsd,
    },
    dynamoDb: {
      writeRequestUnits: writeUnits,
      readRequestUnits: counts.dynamo.readCapacity,
      writeUsd,
      readUsd,
      usd: writeUsd + readUsd,
    },
    scheduler: { invocations: schedulerInvocations, usd: schedulerUsd },
    apiGateway: { requests: apiRequests, usd: apiUsd },
  };
  return { ...bill, total: sumServices(bill) };
}

function sumServices(bill: Omit<AwsBill, 'total'>): number {
  return (
    bill.stepFunctionsStandard.usd +
    bill.stepFunctionsExpress.usd +
    bill.lambda.usd +
    bill.dynamoDb.usd +
    bill.scheduler.usd +
    bill.apiGateway.usd
  );
}

/** The write units on the bill: all of them but the outbox's, which stands in for the message provider. */
export function billedWriteUnits(dynamo: MeasuredCounts['dynamo']): number {
  return dynamo.writeCapacity - (dynamo.providerWriteCapacity ?? 0);
}
