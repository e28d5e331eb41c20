import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventField, Match, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  Choice,
  Condition,
  CsvHeaders,
  DefinitionBody,
  DistributedMap,
  ItemBatcher,
  JsonPath,
  LogLevel,
  OutputType,
  ResultWriterV2,
  S3CsvItemReader,
  S3JsonLItemReader,
  StateMachine,
  StateMachineType,
  TaskInput,
  Transformation,
  WriterConfig,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2 } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { IMPORT_BATCH_ROWS } from '../../functions/import-customers/import-request.ts';
import { acknowledgeWildcards, arnToken } from './nag.ts';

/** Files put under this prefix are imported; each one's mapping sits beside it. */
export const IMPORT_PREFIX = 'imports/';
/** Where each import's batch results, with their rejected rows, are written. */
export const RESULTS_PREFIX = 'import-results/';

export interface CustomerImportProps {
  readonly stage: string;
  /** Profiles are written to `customers`; `state` holds the phone index and the erasure tombstones. */
  readonly tables: { readonly customers: ITableV2; readonly state: ITableV2 };
  /** The import-customers function: it reads a file's mapping, then imports each batch of rows. */
  readonly importFunction: IFunction;
  /** Where the EventBridge rule sends an import it could not start. */
  readonly deadLetterQueue: IQueue;
  /**
   * Batches imported at once: each writes about 500 profiles in a few seconds.
   * @default 10, about 4,000 profile writes a second: what a new on-demand table takes at once
   */
  readonly maxConcurrency?: number;
  /**
   * Keep the buckets on `cdk destroy`.
   * @default false: they go with the stack (imported files expire after 30 days anyway)
   */
  readonly retainData?: boolean;
}

/**
 * Customer files in, in AWS: a bucket (S3-managed encryption, TLS only, no public access,
 * lifecycle rules, access logs) whose new `imports/*.csv` or `imports/*.jsonl` object starts the
 * import state machine through EventBridge. The machine has the import function read the file's
 * mapping, then a Distributed Map reads the file (ItemReader) and hands it to the function in
 * ItemBatcher batches of 500, writing each batch's counts and rejected rows under
 * `import-results/`.
 */
export class CustomerImport extends Construct {
  readonly bucket: Bucket;
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: CustomerImportProps) {
    super(scope, id);
    // ResultWriterV2 (a results prefix under a bucket named at run time) is behind this flag.
    this.node.setContext(STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(90) }],
      removalPolicy,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason: 'This bucket holds the import bucket’s server access logs; logging it too would log the logs.',
    });
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'import-bucket/',
      // Customer files are personal data: kept only as long as an import and its checks need.
      lifecycleRules: [
        {
          id: 'expire-imports',
          prefix: IMPORT_PREFIX,
          expiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        { id: 'expire-results', prefix: RESULTS_PREFIX, expiration: Duration.days(30) },
      ],
      removalPolicy,
    });
    // Notifications straight to EventBridge, set on the bucket itself: no custom resource needed.
    (this.bucket.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    this.stateMachine = this.#stateMachine(props);
    this.#grant(props);
    new Rule(this, 'FileAdded', {
      description: 'A customer file put under imports/ starts an import.',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [this.bucket.bucketName] },
          object: {
            key: [...Match.wildcard(`${IMPORT_PREFIX}*.csv`), ...Match.wildcard(`${IMPORT_PREFIX}*.jsonl`)],
          },
        },
      },
      targets: [
        new SfnStateMachine(this.stateMachine, {
          input: RuleTargetInput.fromObject({
            bucket: EventField.fromPath('$.detail.bucket.name'),
            key: EventField.fromPath('$.detail.object.key'),
            etag: EventField.fromPath('$.detail.object.etag'),
          }),
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: 3,
        }),
      ],
    });
  }

  #stateMachine(props: CustomerImportProps): StateMachine {
    const prepare = new LambdaInvoke(this, 'ReadMapping', {
      lambdaFunction: props.importFunction,
      payload: TaskInput.fromObject({
        action: 'prepare',
        bucket: JsonPath.stringAt('$.bucket'),
        key: JsonPath.stringAt('$.key'),
        etag: JsonPath.stringAt('$.etag'),
      }),
      payloadResponseOnly: true,
      resultPath: '$.prepared',
    });
    const mapOf = (format: 'Csv' | 'Jsonl') => {
      const file = { bucketNamePath: JsonPath.stringAt('$.bucket'), key: JsonPath.stringAt('$.key') };
      const map = new DistributedMap(this, `Import${format}`, {
        itemReader:
          format === 'Csv'
            ? new S3CsvItemReader({ ...file, csvHeaders: CsvHeaders.useFirstRow() })
            : new S3JsonLItemReader(file),
        itemSelector: { 'index.$': '$$.Map.Item.Index', 'row.$': '$$.Map.Item.Value' },
        itemBatcher: new ItemBatcher({
          maxItemsPerBatch: IMPORT_BATCH_ROWS,
          maxInputBytesPerBatch: 240 * 1024,
          batchInput: {
            'source.$': '$.prepared.source',
            'firstRow.$': '$.prepared.firstRow',
            'mapping.$': '$.prepared.mapping',
          },
        }),
        maxConcurrency: props.maxConcurrency ?? 10,
        // A batch takes seconds: Express children, as the journeys' shard maps use.
        mapExecutionType: StateMachineType.EXPRESS,
        toleratedFailurePercentage: 0,
        resultWriterV2: new PrefixResultWriter({
          bucketNamePath: JsonPath.stringAt('$.bucket'),
          prefix: RESULTS_PREFIX,
          writerConfig: new WriterConfig({
            transformation: Transformation.COMPACT,
            outputType: OutputType.JSONL,
          }),
        }),
        resultPath: '$.results',
      });
      map.itemProcessor(
        new LambdaInvoke(this, `ImportBatch${format}`, {
          lambdaFunction: props.importFunction,
          payloadResponseOnly: true,
        }),
      );
      return map;
    };
    const definition = prepare.next(
      new Choice(this, 'Format')
        .when(Condition.stringEquals('$.prepared.format', 'csv'), mapOf('Csv'))
        .otherwise(mapOf('Jsonl')),
    );
    return new StateMachine(this, 'StateMachine', {
      stateMachineName: importStateMachineName(props.stage),
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', {
          retention: RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
  }

  /** Each role may do what its part needs, on the import prefixes only. */
  #grant(props: CustomerImportProps): void {
    const stack = Stack.of(this);
    const files = this.bucket.arnForObjects(`${IMPORT_PREFIX}*`);
    const results = this.bucket.arnForObjects(`${RESULTS_PREFIX}*`);
    const machine = this.stateMachine;
    machine.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject'], resources: [files] }),
    );
    machine.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        resources: [results],
      }),
    );
    props.tables.customers.grantReadWriteData(props.importFunction);
    props.tables.state.grantReadWriteData(props.importFunction);
    const mappings = this.bucket.arnForObjects(`${IMPORT_PREFIX}*.mapping.yaml`);
    props.importFunction.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject'], resources: [mappings] }),
    );
    // Without ListBucket, S3 answers a missing key 403, not 404: a file put without a mapping
    // would fail instead of taking the field names. Listing is held to the import prefix.
    props.importFunction.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': `${IMPORT_PREFIX}*` } },
      }),
    );
    const ownName = JSON.stringify({
      'Fn::Select': [
        6,
        { 'Fn::Split': [':', { Ref: stack.getLogicalId(machine.node.defaultChild as CfnElement) }] },
      ],
    });
    const bucketToken = `<${stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>`;
    acknowledgeWildcards(
      machine,
      [
        '*',
        `${bucketToken}/${IMPORT_PREFIX}*`,
        `${bucketToken}/${RESULTS_PREFIX}*`,
        // The Distributed Map's own policy names this machine's executions by splitting its ARN.
        `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${ownName}:*`,
        `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${ownName}/*:*`,
        `${arnToken(props.importFunction)}:*`,
      ],
      'Log delivery and X-Ray take no resource; the map reads any file under imports/ and writes its results under import-results/, and manages executions of this state machine only; invoke covers versions of the import function.',
    );
    acknowledgeWildcards(
      props.importFunction,
      [`${bucketToken}/${IMPORT_PREFIX}*.mapping.yaml`],
      'The import function reads the mapping beside whichever file is imported, and nothing else of the bucket.',
    );
  }
}

/**
 * A result writer for a bucket named at run time grants its S3 actions on every bucket ("*");
 * this one grants none, and the construct grants them on the results prefix alone.
 */
class PrefixResultWriter extends ResultWriterV2 {
  override providePolicyStatements(): PolicyStatement[] {
    return [];
  }
}

/** Not a journey's name: journey ids are lowercase, so no journey's state machine can take it. */
export const importStateMachineName = (stage: string) => `journeys-${stage}-CustomerImport`;
