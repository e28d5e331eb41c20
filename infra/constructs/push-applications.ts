import { fileURLToPath } from 'node:url';
import { ArnFormat, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { DEPLOY_FUNCTIONS } from '../../functions/function-table.ts';
import type { PlatformApplicationProperties } from '../../functions/push-applications/properties.ts';
import { ESM_BUNDLING } from './journey-functions.ts';
import { acknowledgeWildcards, arnToken } from './nag.ts';
import { DELIVERY_STATUS_SAMPLE_RATE } from './push-delivery-status.ts';

/** APNs token authentication: the key's text is in the secret, the rest is not secret. */
export interface ApnsCredentials {
  /** The Secrets Manager secret whose text is the .p8 token-signing key. */
  readonly secretArn: string;
  /** The signing key's 10-character Key ID. */
  readonly keyId: string;
  /** The Apple Developer Team ID. */
  readonly teamId: string;
  /** The iOS app's bundle id, such as com.example.shop. */
  readonly bundleId: string;
  /** Serve development builds (APNS_SANDBOX). @default false: TestFlight and App Store builds (APNS) */
  readonly sandbox?: boolean;
}

export interface PushApplicationsProps {
  /** The applications are named journeys-<stage>-apns and journeys-<stage>-fcm. */
  readonly stage: string;
  /** @default no iOS application is made */
  readonly apns?: ApnsCredentials;
  /** The Secrets Manager secret whose text is the FCM service account JSON. @default no Android application is made */
  readonly fcmSecretArn?: string;
  /** Change it to make the applications read their secrets again, after a rotation. @default none */
  readonly credentialsRevision?: string;
  /**
   * The role SNS writes the applications' delivery status logs with (PushDeliveryStatus); every
   * success is logged, as every failure is. @default no delivery status logging
   */
  readonly deliveryStatusRole?: IRole;
}

/**
 * The SNS platform applications push is sent through, made from credentials in Secrets Manager
 * by a custom resource (CloudFormation has no resource type for them). Its function may read
 * those secrets and create, update and delete those applications, and nothing else.
 */
export class PushApplications extends Construct {
  /** The ARNs follow from the fixed names, so grants need no reference to the custom resources. */
  readonly apnsApplicationArn?: string;
  readonly fcmApplicationArn?: string;

  constructor(scope: Construct, id: string, props: PushApplicationsProps) {
    super(scope, id);
    const applications = applicationsOf(props);
    if (applications.length === 0) return;
    const arnOf = (application: PlatformApplicationProperties) =>
      Stack.of(this).formatArn({
        service: 'sns',
        resource: 'app',
        resourceName: `${application.Platform}/${application.Name}`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });

    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An explicit role: no managed policy, only its own log group, the secrets and the applications.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Creates, updates and deletes the SNS platform applications of Journeys push',
    });
    logGroup.grantWrite(role);
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          'sns:CreatePlatformApplication',
          'sns:SetPlatformApplicationAttributes',
          'sns:DeletePlatformApplication',
        ],
        resources: applications.map(arnOf),
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [...new Set(applications.map((application) => application.CredentialsSecretArn))],
      }),
    );
    // SNS lets an application name a feedback role only if whoever sets it may pass that role.
    if (props.deliveryStatusRole)
      role.addToPolicy(
        new PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [props.deliveryStatusRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'sns.amazonaws.com' } },
        }),
      );
    const spec = DEPLOY_FUNCTIONS['push-applications'];
    const onEvent = new NodejsFunction(this, 'OnEvent', {
      entry: fileURLToPath(new URL('../../functions/push-applications/index.ts', import.meta.url)),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role,
      logGroup,
      environment: { POWERTOOLS_SERVICE_NAME: 'journeys', NODE_OPTIONS: '--enable-source-maps' },
      bundling: ESM_BUNDLING,
    });

    const provider = new Provider(this, 'Provider', {
      onEventHandler: onEvent,
      logGroup: new LogGroup(this, 'ProviderLogs', {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    acknowledgeProviderFramework(provider, onEvent);

    for (const application of applications) {
      new CustomResource(this, application.Platform === 'GCM' ? 'Fcm' : 'Apns', {
        serviceToken: provider.serviceToken,
        resourceType: 'Custom::SnsPlatformApplication',
        properties: application,
      });
      if (application.Platform === 'GCM') this.fcmApplicationArn = arnOf(application);
      else this.apnsApplicationArn = arnOf(application);
    }
  }
}

/** The custom resource's properties per platform: only the secret's ARN, never its text. */
function applicationsOf(props: PushApplicationsProps): PlatformApplicationProperties[] {
  const revision = props.credentialsRevision ? { Revision: props.credentialsRevision } : {};
  const roleArn = props.deliveryStatusRole?.roleArn;
  const status = roleArn
    ? {
        SuccessFeedbackRoleArn: roleArn,
        FailureFeedbackRoleArn: roleArn,
        SuccessFeedbackSampleRate: DELIVERY_STATUS_SAMPLE_RATE,
      }
    : {};
  const applications: PlatformApplicationProperties[] = [];
  if (props.apns)
    applications.push({
      Platform: props.apns.sandbox ? 'APNS_SANDBOX' : 'APNS',
      Name: `journeys-${props.stage}-apns`,
      CredentialsSecretArn: props.apns.secretArn,
      KeyId: props.apns.keyId,
      TeamId: props.apns.teamId,
      BundleId: props.apns.bundleId,
      ...revision,
      ...status,
    });
  if (props.fcmSecretArn)
    applications.push({
      Platform: 'GCM',
      Name: `journeys-${props.stage}-fcm`,
      CredentialsSecretArn: props.fcmSecretArn,
      ...revision,
      ...status,
    });
  return applications;
}

/** The Provider's own framework function is CDK's: its findings are acknowledged, with the reason. */
function acknowledgeProviderFramework(provider: Provider, onEvent: NodejsFunction): void {
  Validations.of(provider).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: "The Provider framework's function is CDK's; the managed policy grants only writing its logs.",
  });
  acknowledgeWildcards(
    provider,
    [`${arnToken(onEvent)}:*`],
    "The Provider framework may invoke the onEvent function's versions: that one function alone.",
  );
}
