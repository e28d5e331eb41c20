import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as DeployedFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The SES events the feedback function hears, as EventBridge names them (detail-type). */
export const SES_EVENT_TYPES = [
  'Email Sent',
  'Email Delivered',
  'Email Bounced',
  'Email Complaint Received',
  'Email Opened',
  'Email Clicked',
  'Email Rejected',
] as const;

const PUBLISHED = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.OPEN,
  EmailSendingEvent.CLICK,
  EmailSendingEvent.REJECT,
];

export interface EmailDeliveryProps {
  readonly configurationSetName: string;
  /**
   * The verified address emails come from, such as "Shop <news@shop.example>".
   * @default none: email stays in the outbox table, and the synth warns
   */
  readonly fromAddress?: string;
  /**
   * The SES identity that authorizes the address (another account's, say), sent as
   * FromEmailAddressIdentityArn. @default the identities of the address and of its domain, in this account
   */
  readonly identityArn?: string;
  /** The functions that send email: they may send only from the identity, with the configuration set. */
  readonly senders: readonly DeployedFunction[];
  /**
   * The function that turns SES events into customer events.
   * @default none: the rule is created without a target
   */
  readonly feedback?: IFunction;
  /** Where SES events the feedback function could not take end up. */
  readonly deadLetterQueue: IQueue;
}

/**
 * Email through SES v2: a configuration set whose events (send, delivery, bounce, complaint, open,
 * click, reject) go to the default EventBridge bus, a rule that hands them to the feedback
 * function, and the right to send, from the one identity with that configuration set only.
 */
export class EmailDelivery extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly feedbackRule: Rule;

  constructor(scope: Construct, id: string, props: EmailDeliveryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // SES publishes email events to the default bus only.
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(defaultBus),
      events: PUBLISHED,
    });
    this.feedbackRule = new Rule(this, 'Feedback', {
      description: 'SES events of the Journeys configuration set, for the email feedback function',
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...SES_EVENT_TYPES],
        detail: { mail: { tags: { 'ses:configuration-set': [props.configurationSetName] } } },
      },
    });
    if (props.feedback) {
      this.feedbackRule.addTarget(
        new LambdaFunction(props.feedback, {
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      );
      // The rule's queue keeps only what EventBridge could not hand over; Lambda invokes the function
      // asynchronously, and an event the function keeps failing on is kept too, not dropped.
      props.feedback.configureAsyncInvoke({
        retryAttempts: 2,
        onFailure: new SqsDestination(props.deadLetterQueue),
      });
    }

    const configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: props.configurationSetName,
    });
    if (!props.fromAddress) {
      Annotations.of(this).addWarningV2(
        'journeys:email-from-missing',
        'No sending identity: email goes to the outbox table. Deploy with -c emailFrom="Shop <news@shop.example>" (and -c emailIdentityArn=… for an identity of another account) to send it through SES.',
      );
      return;
    }
    const address = addressOf(props.fromAddress);
    const identities = props.identityArn
      ? [props.identityArn]
      : [address, address.slice(address.indexOf('@') + 1)].map((identity) =>
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
        );
    const send = new PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [...identities, configurationSetArn],
    });
    for (const sender of props.senders) {
      sender.addToRolePolicy(send);
      sender.addEnvironment('SES_CONFIGURATION_SET', props.configurationSetName);
      sender.addEnvironment('EMAIL_FROM_ADDRESS', props.fromAddress);
      if (props.identityArn) sender.addEnvironment('EMAIL_FROM_IDENTITY_ARN', props.identityArn);
    }
  }
}

/** The bare address of "Name <address>" or of an address alone. */
export function addressOf(from: string): string {
  return (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim();
}
