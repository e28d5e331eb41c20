import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PushApplications, type PushApplicationsProps } from './push-applications.ts';
import { PushDelivery } from './push-delivery.ts';
import { SmsDelivery } from './sms-delivery.ts';
import { WebhookSigning } from './webhook-signing.ts';

/**
 * Where push's SNS platform applications come from, per platform: one made by hand, given by
 * ARN and used as it is, or one the stack makes from credentials in Secrets Manager.
 */
export interface PushSettings extends Omit<PushApplicationsProps, 'stage'> {
  readonly apnsApplicationArn?: string;
  readonly fcmApplicationArn?: string;
}

export interface ChannelDeliveryProps {
  readonly stage: string;
  /** Every function of the stack, by its folder's name. */
  readonly functions: Readonly<Record<string, NodejsFunction>>;
  /** The ARN of the SMS phone number, pool or sender ID. @default SMS stays in the outbox */
  readonly smsOriginationIdentityArn?: string;
  /** @default no application: push stays in the outbox */
  readonly push?: PushSettings;
  readonly deadLetterQueue: IQueue;
  readonly retainSecrets: boolean;
}

/**
 * SMS, push and webhooks, beside email: what each channel needs in AWS, granted to the functions
 * that deliver (the send step, and the ticker that delivers deferred sends) and to those that
 * take the channel's feedback.
 */
export class ChannelDelivery extends Construct {
  readonly sms: SmsDelivery;
  readonly pushApplications: PushApplications;
  readonly push: PushDelivery;
  readonly webhooks: WebhookSigning;

  constructor(scope: Construct, id: string, props: ChannelDeliveryProps) {
    super(scope, id);
    const fn = props.functions;
    const senders = [fn.send, fn['start-cohorts']].filter((sender): sender is NodejsFunction => !!sender);
    this.sms = new SmsDelivery(this, 'Sms', {
      configurationSetName: `journeys-${props.stage}`,
      originationIdentityArn: props.smsOriginationIdentityArn,
      senders,
      feedback: fn['sms-feedback'],
      deadLetterQueue: props.deadLetterQueue,
    });
    const { apnsApplicationArn, fcmApplicationArn, ...credentials } = props.push ?? {};
    this.pushApplications = new PushApplications(this, 'PushApplications', {
      stage: props.stage,
      ...credentials,
    });
    // Device events arrive at POST /events; a disabled endpoint found at send time is removed there too.
    const registrars = [fn['ingest-events']].filter((registrar): registrar is NodejsFunction => !!registrar);
    this.push = new PushDelivery(this, 'Push', {
      apnsApplicationArn: apnsApplicationArn ?? this.pushApplications.apnsApplicationArn,
      fcmApplicationArn: fcmApplicationArn ?? this.pushApplications.fcmApplicationArn,
      senders,
      registrars,
    });
    // Their ARNs are known before the applications exist: the functions wait for them.
    for (const pusher of [...senders, ...registrars]) pusher.node.addDependency(this.pushApplications);
    this.webhooks = new WebhookSigning(this, 'Webhooks', { senders, retainSecret: props.retainSecrets });
  }
}
