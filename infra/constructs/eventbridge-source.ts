import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Match, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { Function as DeployedFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface EventBridgeSourceProps {
  /** The event bus the rule listens on: a partner bus (aws.partner/segment.com/…), the default bus, or another. */
  readonly eventBusName: string;
  /**
   * The `source` of the events taken; one ending in "*" takes every source it begins.
   * @default the partner source of a partner bus (its own name), else "journeys.events"
   */
  readonly sources?: readonly string[];
  /** The eventbridge-events function, which ingests them. */
  readonly ingest: DeployedFunction;
  readonly tables: {
    readonly customers: ITableV2;
    readonly events: ITableV2;
    readonly state: ITableV2;
  };
  /**
   * How many times a message is received before it goes to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Records the function takes at once.
   * @default 100, gathered for up to 2 seconds
   */
  readonly batchSize?: number;
}

/** The sources a bus's rule takes when none are configured. */
export function defaultEventSources(eventBusName: string): string[] {
  return eventBusName.startsWith('aws.partner/') ? [eventBusName] : ['journeys.events'];
}

/**
 * Events from EventBridge into the events API's ingest: a rule on the configured bus sends the
 * configured sources' events to an SQS queue (encrypted, TLS only), which the eventbridge-events
 * function reads in batches with partial batch responses. A message that fails `maxReceiveCount`
 * times (a poison event) moves to a dead-letter queue kept 14 days; so does an event the rule
 * could not deliver to the queue.
 */
export class EventBridgeSource extends Construct {
  readonly rule: Rule;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: EventBridgeSourceProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the EventBridge source.',
    });
    const timeout = props.ingest.timeout ?? Duration.seconds(60);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the function's timeout, as Lambda advises for a queue it reads.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    const sources = props.sources ?? defaultEventSources(props.eventBusName);
    this.rule = new Rule(this, 'Rule', {
      description: `Customer events from ${props.eventBusName} into Journeys`,
      eventBus: EventBus.fromEventBusName(this, 'Bus', props.eventBusName),
      eventPattern: {
        source: sources.flatMap((source) =>
          source.endsWith('*') ? Match.prefix(source.slice(0, -1)) : [source],
        ),
      },
      targets: [new SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 10 })],
    });
    props.ingest.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 100,
        maxBatchingWindow: Duration.seconds(2),
        reportBatchItemFailures: true,
      }),
    );
    const { customers, events, state } = props.tables;
    // What POST /events's function may do, since the events go through the same ingest.
    customers.grantReadWriteData(props.ingest);
    events.grantWriteData(props.ingest);
    state.grantReadWriteData(props.ingest);
  }
}
