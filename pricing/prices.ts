/**
 * AWS list prices (us-east-1, on-demand, no free tier, no Savings Plans) that the cost model
 * multiplies the simulation's operation counts by. This is the only place prices are written down.
 *
 * Each entry names the pricing page it comes from and when it was checked. They were not
 * fetched by a program: they are the public list prices as listed on the AWS pricing pages in
 * 2026. Verify them on those pages before relying on a number derived from them.
 */

export const PRICES_CHECKED = 'as listed on the AWS pricing pages, 2026; verify before relying';

export interface ListPrice {
  /** US dollars per `per` units of `unit`. */
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  /** The AWS pricing page the price is listed on. */
  readonly source: string;
  readonly checked: typeof PRICES_CHECKED;
  /** What the price covers and what it leaves out. */
  readonly note?: string;
}

const STEP_FUNCTIONS = 'https://aws.amazon.com/step-functions/pricing/';
const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';
const DYNAMODB = 'https://aws.amazon.com/dynamodb/pricing/on-demand/';
const EVENTBRIDGE = 'https://aws.amazon.com/eventbridge/pricing/';
const API_GATEWAY = 'https://aws.amazon.com/api-gateway/pricing/';

export const AWS_PRICES = {
  stepFunctionsStandardTransition: {
    usd: 0.025,
    per: 1_000,
    unit: 'Standard workflow state transitions',
    source: STEP_FUNCTIONS,
    checked: PRICES_CHECKED,
    note: 'Each child execution a Distributed Map starts is billed as one state transition of the parent (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-transitions.html). The 4,000 free transitions a month are left out.',
  },
  stepFunctionsExpressRequest: {
    usd: 1.0,
    per: 1_000_000,
    unit: 'Express workflow requests (executions started)',
    source: STEP_FUNCTIONS,
    checked: PRICES_CHECKED,
  },
  stepFunctionsExpressGbSecond: {
    usd: 0.00001667,
    per: 1,
    unit: 'Express workflow GB-seconds (first tier, first 1,000 GB-hours a month)',
    source: STEP_FUNCTIONS,
    checked: PRICES_CHECKED,
    note: 'Duration is rounded up to the next 100 ms and memory is billed in 64-MB chunks. Later tiers are cheaper; the first tier is used throughout, which overstates large volumes.',
  },
  lambdaRequest: {
    usd: 0.2,
    per: 1_000_000,
    unit: 'Lambda requests',
    source: LAMBDA,
    checked: PRICES_CHECKED,
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 1,
    unit: 'Lambda GB-seconds on Arm (Graviton2), first tier',
    source: LAMBDA,
    checked: PRICES_CHECKED,
    note: 'Billed per 1 ms. The functions run on ARM_64 (infra/constructs/journey-functions.ts).',
  },
  dynamoDbWriteRequestUnit: {
    usd: 0.625,
    per: 1_000_000,
    unit: 'DynamoDB on-demand write request units (standard table class)',
    source: DYNAMODB,
    checked: PRICES_CHECKED,
    note: 'The on-demand price since the November 2024 reduction (it was $1.25).',
  },
  dynamoDbReadRequestUnit: {
    usd: 0.125,
    per: 1_000_000,
    unit: 'DynamoDB on-demand read request units (standard table class)',
    source: DYNAMODB,
    checked: PRICES_CHECKED,
    note: 'The on-demand price since the November 2024 reduction (it was $0.25). Storage, backups (PITR) and streams are left out.',
  },
  schedulerInvocation: {
    usd: 1.0,
    per: 1_000_000,
    unit: 'EventBridge Scheduler invocations (after the 14 million free a month)',
    source: EVENTBRIDGE,
    checked: PRICES_CHECKED,
  },
  apiGatewayHttpRequest: {
    usd: 1.0,
    per: 1_000_000,
    unit: 'API Gateway HTTP API requests (first 300 million a month, metered per 512 KB)',
    source: API_GATEWAY,
    checked: PRICES_CHECKED,
  },
} as const satisfies Record<string, ListPrice>;

export type PriceTable = { readonly [K in keyof typeof AWS_PRICES]: ListPrice };

/** The dollar cost of `quantity` units at `price`. */
export function priceOf(price: ListPrice, quantity: number): number {
  return (quantity / price.per) * price.usd;
}
