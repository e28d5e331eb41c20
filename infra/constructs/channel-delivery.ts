import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PushApplications, type PushApplicationsProps } from './push-applications.ts';
import { PushDelivery } from './push-delivery.ts';
import { PushDeliveryStatus } from './push-delivery-status.ts';
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
  /** SNS's delivery status logs of the push applications, counted by push-feedback; none without push. */
  readonly pushDeliveryStatus?: PushDeliveryStatus;
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
    const feedback = fn['push-feedback'];
    const pushConfigured = !!(
      apnsApplicationArn ||
      fcmApplicationArn ||
      credentials.apns ||
      credentials.fcmSecretArn
    );
    if (feedback && pushConfigured)
      this.pushDeliveryStatus = new PushDeliveryStatus(this, 'PushDeliveryStatus', {
        feedback,
        deadLetterQueue: props.deadLetterQueue,
      });
    this.pushApplications = new PushApplications(this, 'PushApplications', {
      stage: props.stage,
      ...credentials,
      deliveryStatusRole: this.pushDeliveryStatus?.role,
    });
    // Device events arrive at POST /events; a disabled endpoint found at send time is removed there too.
    const registrars = [fn['ingest-events']].filter((registrar): registrar is NodejsFunction => !!registrar);
    const applications = {
      apnsApplicationArn: apnsApplicationArn ?? this.pushApplications.apnsApplicationArn,
      fcmApplicationArn: fcmApplicationArn ?? this.pushApplications.fcmApplicationArn,
    };
    this.push = new PushDelivery(this, 'Push', { ...applications, senders, registrars });
    // A token APNs or FCM refused for good is unregistered from its delivery status, endpoint and all.
    if (feedback) this.push.grantEndpointDeletion(feedback);
    // An application given by ARN keeps its attributes: its logs are read once its owner names the role.
    for (const arn of Object.values(applications)) if (arn) this.pushDeliveryStatus?.logApplication(arn);
    // Their ARNs are known before the applications exist: the functions wait for them.
    for (const pusher of [...senders, ...registrars]) pusher.node.addDependency(this.pushApplications);
    this.webhooks = new WebhookSigning(this, 'Webhooks', { senders, retainSecret: props.retainSecrets });
  }
}
