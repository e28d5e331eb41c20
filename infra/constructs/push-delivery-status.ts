import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { FilterPattern, LogGroup, RetentionDays, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface PushDeliveryStatusProps {
  /** The function SNS's delivery status logs are sent to (functions/push-feedback). */
  readonly feedback: IFunction;
  /** Where a batch the function failed on three times goes. */
  readonly deadLetterQueue: IQueue;
  /** How long the logs are kept; they hold device tokens. @default one week */
  readonly retention?: RetentionDays;
}

/** What SNS logs a platform application's pushes to (SNS Developer Guide, "mobile app attributes"). */
export const DELIVERY_STATUS_SAMPLE_RATE = '100';

/**
 * The names of the log groups SNS writes an application's delivery statuses to: a hand-off to
 * APNs or FCM under `sns/<region>/<account>/app/<PLATFORM>/<name>`, a failure under the same
 * name with `/Failure`. Text is replaced, so an ARN built from the stack's region and account
 * keeps its tokens.
 */
export function deliveryStatusLogGroupNames(applicationArn: string): { success: string; failure: string } {
  const [arn, partition, service, region, account, resource] = applicationArn.split(':');
  if (
    arn !== 'arn' ||
    !partition ||
    service !== 'sns' ||
    !region ||
    !account ||
    !resource?.startsWith('app/')
  )
    throw new Error(`expected the ARN of an SNS platform application, got ${applicationArn}`);
  const success = `sns/${region}/${account}/${resource}`;
  return { success, failure: `${success}/Failure` };
}

/**
 * SNS's delivery status logging of the push applications: the role SNS assumes to write the
 * logs (only to their log groups), the log groups with their retention, and a subscription from
 * each to the push-feedback function, which counts each push delivered or failed at its step.
 */
export class PushDeliveryStatus extends Construct {
  /** The role the applications name as SuccessFeedbackRoleArn and FailureFeedbackRoleArn. */
  readonly role: Role;
  readonly #props: PushDeliveryStatusProps;
  #applications = 0;

  constructor(scope: Construct, id: string, props: PushDeliveryStatusProps) {
    super(scope, id);
    this.#props = props;
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('sns.amazonaws.com'),
      description: 'Lets SNS write the delivery status logs of the Journeys push applications',
    });
    // An application made by hand is not changed by the stack: its owner names this role on it.
    new CfnOutput(this, 'RoleArn', {
      value: this.role.roleArn,
      description: 'SuccessFeedbackRoleArn and FailureFeedbackRoleArn of the push applications',
    });
    props.feedback.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(props.deadLetterQueue),
    });
  }

  /** Makes the log groups of one application, lets SNS write them, and sends them to the function. */
  logApplication(applicationArn: string): void {
    const names = deliveryStatusLogGroupNames(applicationArn);
    const index = this.#applications;
    this.#applications += 1;
    const groups = (['success', 'failure'] as const).map((kind) => {
      const id = `${kind === 'success' ? 'Delivered' : 'Failed'}${index}`;
      const logGroup = new LogGroup(this, id, {
        logGroupName: names[kind],
        retention: this.#props.retention ?? RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      new SubscriptionFilter(this, `${id}Subscription`, {
        logGroup,
        destination: new LambdaDestination(this.#props.feedback),
        filterPattern: FilterPattern.allEvents(),
      });
      return logGroup;
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'logs:PutMetricFilter',
          'logs:PutRetentionPolicy',
        ],
        resources: groups.map((group) => group.logGroupArn),
      }),
    );
  }
}
