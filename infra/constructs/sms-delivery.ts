import { Annotations, ArnFormat, CfnOutput, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as DeployedFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { CfnConfigurationSet } from 'aws-cdk-lib/aws-smsvoice';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  SMS_DELIVERED_EVENT_TYPES,
  SMS_FAILED_EVENT_TYPES,
} from '../../functions/sms-feedback/sms-feedback-events.ts';

/** The SMS events the configuration set publishes: the statuses the feedback function counts. */
export const SMS_EVENT_TYPES = [...SMS_DELIVERED_EVENT_TYPES, ...SMS_FAILED_EVENT_TYPES] as const;

export interface SmsDeliveryProps {
  readonly configurationSetName: string;
  /**
   * The ARN of the phone number, pool or sender ID that SMS go out from (context
   * `smsOriginationIdentityArn`). @default none: SMS stays in the outbox table, and the synth warns
   */
  readonly originationIdentityArn?: string;
  /** The functions that send SMS: they may send only from that identity, with the configuration set. */
  readonly senders: readonly DeployedFunction[];
  /** The function that turns receipts and replies (STOP, START) into customer events. */
  readonly feedback?: IFunction;
  readonly deadLetterQueue: IQueue;
}

/**
 * SMS through AWS End User Messaging: a configuration set whose delivery receipts, and the two-way
 * replies of the origination number, reach one encrypted SNS topic that the feedback function
 * hears; and the right to send, from the one identity with that configuration set only.
 */
export class SmsDelivery extends Construct {
  readonly configurationSet: CfnConfigurationSet;
  readonly events: Topic;

  constructor(scope: Construct, id: string, props: SmsDeliveryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const service = new ServicePrincipal('sms-voice.amazonaws.com');
    // A key of our own: the AWS-managed SNS key cannot be granted to the SMS service.
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the SMS receipts and replies topic of Journeys',
      enableKeyRotation: true,
    });
    // AWS's documented statements, with the confused-deputy conditions: this account's SMS resources
    // only (the configuration set publishes receipts, the origination identity its replies).
    const fromOurSms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'sms-voice',
          resource: '*',
          arnFormat: ArnFormat.NO_RESOURCE_NAME,
        }),
      },
    };
    key.addToResourcePolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        principals: [service],
        resources: ['*'],
        conditions: fromOurSms,
      }),
    );
    this.events = new Topic(this, 'Events', {
      displayName: 'Journeys SMS receipts and replies',
      masterKey: key,
      enforceSSL: true,
    });
    this.events.addToResourcePolicy(
      new PolicyStatement({
        actions: ['sns:Publish'],
        principals: [service],
        resources: [this.events.topicArn],
        conditions: fromOurSms,
      }),
    );
    this.configurationSet = new CfnConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      eventDestinations: [
        {
          eventDestinationName: 'receipts-to-sns',
          enabled: true,
          matchingEventTypes: [...SMS_EVENT_TYPES],
          snsDestination: { topicArn: this.events.topicArn },
        },
      ],
    });
    if (props.feedback) {
      this.events.addSubscription(
        new LambdaSubscription(props.feedback, { deadLetterQueue: props.deadLetterQueue }),
      );
      // SNS invokes asynchronously: what still fails after Lambda's retries is kept, not dropped.
      props.feedback.configureAsyncInvoke({
        retryAttempts: 2,
        onFailure: new SqsDestination(props.deadLetterQueue),
      });
    }
    new CfnOutput(this, 'TwoWayTopicArn', {
      description:
        "Set as the origination number's two-way channel, so STOP and START replies reach Journeys",
      value: this.events.topicArn,
    });

    if (!props.originationIdentityArn) {
      Annotations.of(this).addWarningV2(
        'journeys:sms-origination-missing',
        'No origination identity: SMS goes to the outbox table. Deploy with -c smsOriginationIdentityArn=arn:aws:sms-voice:REGION:ACCOUNT:pool/pool-… (or a phone number or sender ID) to send it.',
      );
      return;
    }
    const send = new PolicyStatement({
      actions: ['sms-voice:SendTextMessage'],
      resources: [
        props.originationIdentityArn,
        stack.formatArn({
          service: 'sms-voice',
          resource: 'configuration-set',
          resourceName: props.configurationSetName,
        }),
      ],
    });
    for (const sender of props.senders) {
      sender.addToRolePolicy(send);
      sender.addEnvironment('SMS_ORIGINATION_IDENTITY', props.originationIdentityArn);
      sender.addEnvironment('SMS_CONFIGURATION_SET', props.configurationSetName);
    }
  }
}
