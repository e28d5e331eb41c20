import { Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { SendRates } from '../../functions/commons/channels/pacing.ts';
import { stageTablePrefix } from '../../functions/commons/dynamo/tables.ts';
import { INGESTING_FUNCTIONS } from '../../functions/function-table.ts';
import type { Journey } from '../../workflows/schema/index.ts';
import { ChannelDelivery, type PushSettings } from '../constructs/channel-delivery.ts';
import { CustomerImport } from '../constructs/customer-import.ts';
import { CustomerRights } from '../constructs/customer-rights.ts';
import { EmailDelivery } from '../constructs/email-delivery.ts';
import { EventBridgeSource } from '../constructs/eventbridge-source.ts';
import { EventsApi } from '../constructs/events-api.ts';
import { JourneyFunctions, stateMachinePrefix } from '../constructs/journey-functions.ts';
import { JourneySchedules } from '../constructs/journey-schedules.ts';
import { JourneyStateMachine } from '../constructs/journey-state-machine.ts';
import { JourneyTables } from '../constructs/journey-tables.ts';
import { acknowledgeWildcards } from '../constructs/nag.ts';
import { Operations } from '../constructs/operations.ts';
import { SegmentSource } from '../constructs/segment-source.ts';
import { UnsubscribeLinks } from '../constructs/unsubscribe-links.ts';

export interface JourneysStackProps extends StackProps {
  readonly stage: string;
  readonly journeys: readonly Journey[];
  /** The validated catalog as a JSON file, bundled with every function. */
  readonly catalogFile: string;
  /**
   * Shards each Distributed Map processes at once.
   * @default 100
   */
  readonly maxConcurrency?: number;
  /**
   * Keep tables on `cdk destroy` and refuse their deletion.
   * @default true, except for stages named "dev"
   */
  readonly protectData?: boolean;
  /** Who is e-mailed when an alarm fires. @default nobody */
  readonly alarmEmail?: string;
  /** Messages per customer per day across journeys. @default 3 */
  readonly frequencyCapPerDay?: number;
  /** Quiet hours in each customer's time zone. @default "21:00-08:00" */
  readonly quietHours?: string;
  /** Each channel's provider rate, which its delivery is paced to. @default unpaced */
  readonly sendRates?: SendRates;
  /**
   * Write units per second the state table serves at once (DynamoDB warm throughput).
   * @default none: a new on-demand table starts at 4,000/s and doubles over about 30 minutes
   */
  readonly warmWritesPerSecond?: number;
  /** A fixed number of audience snapshot segments. @default from the customers table's item count */
  readonly audienceSegments?: number;
  /** Customers one snapshot segment reads. @default 50,000 */
  readonly audienceSegmentCustomers?: number;
  /**
   * The verified address emails come from, such as "Shop <news@shop.example>".
   * @default none: email stays in the outbox table (the synth warns)
   */
  readonly emailFrom?: string;
  /** The SES identity that authorizes `emailFrom`. @default the address's and its domain's identities in this account */
  readonly emailIdentityArn?: string;
  /** The ARN of the SMS phone number, pool or sender ID. @default none: SMS stays in the outbox table */
  readonly smsOriginationIdentityArn?: string;
  /**
   * The SNS platform applications push is sent through: given by ARN, or made from credentials.
   * @default none: push stays in the outbox table
   */
  readonly push?: PushSettings;
  /** Customer events from an EventBridge bus (docs/data-in.md, "EventBridge"). @default none */
  readonly eventBridge?: { readonly eventBusName: string; readonly sources?: readonly string[] };
}

/** One deployment of Journeys: tables, functions, a state machine per journey, schedules, the events API and operations. */
export class JourneysStack extends Stack {
  readonly tables: JourneyTables;
  readonly functions: JourneyFunctions;
  readonly stateMachines: Record<string, JourneyStateMachine> = {};
  readonly eventsApi: EventsApi;
  readonly email: EmailDelivery;
  readonly unsubscribeLinks: UnsubscribeLinks;
  readonly channels: ChannelDelivery;
  readonly customerRights: CustomerRights;
  readonly segment: SegmentSource;
  readonly eventBridge?: EventBridgeSource;
  readonly customerImport: CustomerImport;

  constructor(scope: Construct, id: string, props: JourneysStackProps) {
    super(scope, id, props);
    this.tables = new JourneyTables(this, 'Tables', {
      namePrefix: stageTablePrefix(props.stage),
      protectData: props.protectData ?? props.stage !== 'dev',
      warmWritesPerSecond: props.warmWritesPerSecond,
    });
    this.functions = new JourneyFunctions(this, 'Functions', {
      stage: props.stage,
      tables: this.tables,
      catalogFile: props.catalogFile,
      frequencyCapPerDay: props.frequencyCapPerDay,
      audienceSegments: props.audienceSegments,
      audienceSegmentCustomers: props.audienceSegmentCustomers,
      quietHours: props.quietHours,
      sendRates: props.sendRates,
    });
    for (const journey of props.journeys) {
      const machine = new JourneyStateMachine(this, `Journey-${journey.id}`, {
        journey,
        stateMachineName: `${stateMachinePrefix(props.stage)}${journey.id}`,
        taskFunctions: this.functions.taskFunctions(),
        maxConcurrency: props.maxConcurrency,
      });
      this.stateMachines[journey.id] = machine;
    }
    // Cohorts start from the ticker and schedules, sub-cohorts from forks. The ARNs are built from
    // the names: referencing the state machines would make a cycle (they invoke the fork function).
    // Step Functions authorizes a version or alias on the state machine's own ARN; the qualified
    // forms (`:live`, `:<n>`) are listed as well, as IAM's resource types for them name them.
    const machineArns = props.journeys.map(
      (journey) =>
        `arn:${this.partition}:states:${this.region}:${this.account}:stateMachine:${stateMachinePrefix(props.stage)}${journey.id}`,
    );
    const startable = new PolicyStatement({
      actions: ['states:StartExecution', 'states:DescribeStateMachineAlias'],
      resources: machineArns.flatMap((arn) => [arn, `${arn}:*`]),
    });
    for (const starter of [this.functions.functions['start-cohorts'], this.functions.functions.fork]) {
      starter.addToRolePolicy(startable);
      acknowledgeWildcards(
        starter,
        machineArns.map((arn) => `${arn}:*`),
        "New cohorts start on the version the journey's alias routes to, forks on their run's version: versions are numbered by each deploy.",
      );
    }
    const deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the schedules.',
    });
    new JourneySchedules(this, 'Schedules', {
      journeys: props.journeys,
      startCohorts: this.functions.functions['start-cohorts'],
      deadLetterQueue: deadLetters,
    });
    const fn = this.functions.functions;
    this.eventsApi = new EventsApi(this, 'Events', {
      ingest: fn['ingest-events'],
      unsubscribe: fn.unsubscribe,
      inbox: fn.inbox,
      customerRights: fn['customer-rights'],
    });
    this.segment = new SegmentSource(this, 'Segment', {
      stage: props.stage,
      api: this.eventsApi.api,
      ingest: fn['segment-events'],
      authorizer: fn['segment-authorizer'],
      tables: this.tables,
      retainKey: props.protectData ?? props.stage !== 'dev',
    });
    if (props.eventBridge)
      this.eventBridge = new EventBridgeSource(this, 'EventBridge', {
        ...props.eventBridge,
        ingest: fn['eventbridge-events'],
        tables: this.tables,
      });
    // The ticker delivers the sends deferred past quiet hours: it sends email as the send step does.
    const emailSenders = [fn.send, fn['start-cohorts']];
    this.email = new EmailDelivery(this, 'Email', {
      configurationSetName: `journeys-${props.stage}`,
      fromAddress: props.emailFrom,
      identityArn: props.emailIdentityArn,
      senders: emailSenders,
      feedback: emailFeedbackFunction(fn),
      deadLetterQueue: deadLetters,
    });
    this.unsubscribeLinks = new UnsubscribeLinks(this, 'UnsubscribeLinks', {
      baseUrl: `${this.eventsApi.api.apiEndpoint}/`,
      signers: emailSenders,
      verifiers: [fn.unsubscribe],
      retainKey: props.protectData ?? props.stage !== 'dev',
    });
    this.channels = new ChannelDelivery(this, 'Channels', {
      stage: props.stage,
      functions: fn,
      smsOriginationIdentityArn: props.smsOriginationIdentityArn,
      push: props.push,
      deadLetterQueue: deadLetters,
      retainSecrets: props.protectData ?? props.stage !== 'dev',
    });
    this.customerRights = new CustomerRights(this, 'CustomerRights', {
      stage: props.stage,
      eraser: fn['customer-rights'],
      // An import checks the tombstones, so a file made before an erasure brings no one back; so
      // does every function that ingests events, so a late event does not bring its customer back.
      checkers: [fn['import-customers'], ...INGESTING_FUNCTIONS.map((name) => fn[name])],
      tables: this.tables,
      push: this.channels.push,
      retainKey: props.protectData ?? props.stage !== 'dev',
    });
    this.customerImport = new CustomerImport(this, 'CustomerImport', {
      stage: props.stage,
      importFunction: fn['import-customers'],
      tables: this.tables,
      deadLetterQueue: deadLetters,
      retainData: props.protectData ?? props.stage !== 'dev',
    });
    new Operations(this, 'Operations', {
      stage: props.stage,
      functions: this.functions.functions,
      stateMachines: Object.fromEntries(
        Object.entries(this.stateMachines).map(([id, machine]) => [id, machine.stateMachine as StateMachine]),
      ),
      tables: [this.tables.customers, this.tables.events, this.tables.state, this.tables.outbox],
      deadLetterQueue: deadLetters,
      alarmEmail: props.alarmEmail,
    });
  }
}

/** The email-feedback function, once functions/ has that folder (and the function table its entry). */
function emailFeedbackFunction(
  functions: Readonly<Record<string, NodejsFunction>>,
): NodejsFunction | undefined {
  return functions['email-feedback'];
}
