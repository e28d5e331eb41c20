import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, type IFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { rateVariablesOf, type SendRates } from '../../functions/commons/channels/pacing.ts';
import {
  FUNCTION_NAMES,
  FUNCTIONS,
  type FunctionName,
  functionOfRole,
} from '../../functions/function-table.ts';
import { placeholderName, TASK_ROLES } from '../../workflows/compiler/asl.ts';
import { acknowledgeWildcards } from './nag.ts';

export interface JourneyFunctionsProps {
  readonly stage: string;
  readonly tables: {
    readonly customers: ITableV2;
    readonly events: ITableV2;
    readonly state: ITableV2;
    readonly outbox: ITableV2;
  };
  /** A JSON file of the validated catalog (journeys, offers, templates), copied into every bundle. */
  readonly catalogFile: string;
  /**
   * Messages a customer may receive a day, across journeys.
   * @default 3
   */
  readonly frequencyCapPerDay?: number;
  /**
   * A fixed number of audience snapshot segments, for a table whose item count (refreshed about
   * every six hours) does not yet show its customers.
   * @default the customers table's item count over `audienceSegmentCustomers`
   */
  readonly audienceSegments?: number;
  /**
   * Customers one audience snapshot segment reads.
   * @default 50,000
   */
  readonly audienceSegmentCustomers?: number;
  /**
   * Quiet hours in each customer's time zone, "HH:MM-HH:MM".
   * @default "21:00-08:00"
   */
  readonly quietHours?: string;
  /**
   * Each channel's provider rate, which every function paces its delivery to
   * (functions/commons/channels/pacing.ts). @default unpaced
   */
  readonly sendRates?: SendRates;
  /**
   * How long function logs are kept.
   * @default one month
   */
  readonly logRetention?: RetentionDays;
}

/** Every function's bundle: ESM for Node 24 with source maps, by the local esbuild. */
export const ESM_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  sourceMap: true,
  mainFields: ['module', 'main'],
  // Some dependencies still call require(); give the ESM bundle one.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
} as const satisfies BundlingOptions;

/**
 * One function per entry of functions/function-table.ts, each a folder of functions/: Node 24 on
 * ARM64, bundled by the local esbuild (never Docker), X-Ray tracing, an explicit log group, and
 * grants per table and per action only.
 */
export class JourneyFunctions extends Construct {
  readonly functions: Record<FunctionName, NodejsFunction>;

  constructor(scope: Construct, id: string, props: JourneyFunctionsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { customers, events, state, outbox } = props.tables;
    const environment = {
      CUSTOMERS_TABLE: customers.tableName,
      EVENTS_TABLE: events.tableName,
      STATE_TABLE: state.tableName,
      OUTBOX_TABLE: outbox.tableName,
      STATE_MACHINE_ARN_PREFIX: `arn:${stack.partition}:states:${stack.region}:${stack.account}:stateMachine:${stateMachinePrefix(props.stage)}`,
      FREQUENCY_CAP_PER_DAY: String(props.frequencyCapPerDay ?? 3),
      AUDIENCE_SEGMENT_CUSTOMERS: String(props.audienceSegmentCustomers ?? 50_000),
      ...(props.audienceSegments ? { AUDIENCE_SEGMENTS: String(props.audienceSegments) } : {}),
      QUIET_HOURS: props.quietHours ?? '21:00-08:00',
      ...rateVariablesOf(props.sendRates ?? {}),
      JOURNEY_CATALOG: '/var/task/catalog.json',
      POWERTOOLS_SERVICE_NAME: 'journeys',
      POWERTOOLS_METRICS_NAMESPACE: 'Journeys',
      NODE_OPTIONS: '--enable-source-maps',
    };
    const make = (name: FunctionName) => {
      const logGroup = new LogGroup(this, `${name}-logs`, {
        retention: props.logRetention ?? RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      return new NodejsFunction(this, name, {
        entry: fileURLToPath(new URL(`../../functions/${name}/index.ts`, import.meta.url)),
        handler: 'handler',
        runtime: Runtime.NODEJS_24_X,
        architecture: Architecture.ARM_64,
        memorySize: FUNCTIONS[name].memoryMb,
        timeout: Duration.seconds(FUNCTIONS[name].timeoutSeconds),
        tracing: Tracing.ACTIVE,
        logGroup,
        environment,
        bundling: {
          ...ESM_BUNDLING,
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (_input: string, output: string) => [
              `cp "${props.catalogFile}" "${output}/catalog.json"`,
            ],
          },
        },
      });
    };
    this.functions = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, make(name)])) as Record<
      FunctionName,
      NodejsFunction
    >;

    for (const created of Object.values(this.functions)) {
      Validations.of(created).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "AWSLambdaBasicExecutionRole grants only writing the function's own logs.",
      });
      acknowledgeWildcards(
        created,
        ['*'],
        'X-Ray PutTraceSegments and PutTelemetryRecords take no resource.',
      );
      Validations.of(created).acknowledge({
        id: 'AwsSolutions::AwsSolutions-L1',
        reason:
          'The project targets nodejs24.x, the runtime its code and tests run on (README, Runtime and versions).',
      });
    }
    const fn = this.functions;
    // These ingest their events as POST /events does: unsubscribes, provider feedback, inbox reads.
    const optional = fn as Partial<Record<string, NodejsFunction>>;
    const ingesting: NodejsFunction[] = [fn['ingest-events'], fn.unsubscribe, fn.inbox];
    for (const name of ['email-feedback', 'sms-feedback', 'push-feedback']) {
      const feedback = optional[name];
      if (feedback) ingesting.push(feedback);
    }
    for (const ingest of ingesting) {
      customers.grantReadWriteData(ingest);
      events.grantWriteData(ingest);
      state.grantReadWriteData(ingest);
    }

    // Reading includes DescribeTable: the item count sizes a scheduled run's snapshot.
    customers.grantReadData(fn['start-cohorts']);
    state.grantReadWriteData(fn['start-cohorts']);
    outbox.grantWriteData(fn['start-cohorts']);

    customers.grantReadData(fn['snapshot-audience']);
    events.grantReadData(fn['snapshot-audience']);
    state.grantReadWriteData(fn['snapshot-audience']);

    for (const name of ['partition', 'send', 'grant', 'record', 'fork'] as const)
      state.grantReadWriteData(fn[name]);
    // Entering an event journey applies the events since entry (timelines) to the profile's marks.
    customers.grantReadWriteData(fn.partition);
    events.grantReadData(fn.partition);
    outbox.grantWriteData(fn.send);
    // A send whose provider says the customer opted out (SMS) or a device is gone (push) ingests
    // that as an event, as the ticker's deferred sends do.
    for (const sender of [fn.send, fn['start-cohorts']]) {
      customers.grantReadWriteData(sender);
      events.grantWriteData(sender);
    }
    customers.grantReadWriteData(fn.update);
    state.grantReadWriteData(fn.update);
  }

  /** The function behind each `${Role}FunctionArn` placeholder of the compiled ASL. */
  taskFunctions(): Record<string, IFunction> {
    return Object.fromEntries(
      TASK_ROLES.map((role) => [placeholderName(role), this.functions[functionOfRole(role)]]),
    );
  }
}

/** State machines are named `<prefix><journey id>`, so functions can start them without a dependency cycle. */
export function stateMachinePrefix(stage: string): string {
  return `journeys-${stage}-`;
}
