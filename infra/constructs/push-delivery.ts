import { Annotations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as DeployedFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from './nag.ts';

export interface PushDeliveryProps {
  /**
   * The SNS platform applications of the apps: made by the stack from credentials in Secrets
   * Manager (PushApplications), or made by hand and given by ARN (context
   * `pushApnsApplicationArn`, `pushFcmApplicationArn`; docs/channels.md).
   * @default none: push stays in the outbox
   */
  readonly apnsApplicationArn?: string;
  readonly fcmApplicationArn?: string;
  /** The functions that publish pushes: only to the endpoints of those applications. */
  readonly senders: readonly DeployedFunction[];
  /** The functions that apply device events: they make and delete the applications' endpoints. */
  readonly registrars: readonly DeployedFunction[];
}

/**
 * The ARN pattern of every endpoint of a platform application: endpoint/PLATFORM/name/id. Text
 * is replaced, so an ARN built from the stack's region and account keeps its tokens.
 */
export function endpointsOf(applicationArn: string): string {
  const at = applicationArn.lastIndexOf(':app/');
  if (at < 0) throw new Error(`expected the ARN of an SNS platform application, got ${applicationArn}`);
  return `${applicationArn.slice(0, at)}:endpoint/${applicationArn.slice(at + ':app/'.length)}/*`;
}

/**
 * Push through SNS mobile push: the senders may publish to the applications' endpoints only, and
 * the registrars may create endpoints in those applications and delete theirs.
 */
export class PushDelivery extends Construct {
  /** Each configured application's environment variable and ARN; none without push. */
  readonly #given: readonly [string, string][];

  constructor(scope: Construct, id: string, props: PushDeliveryProps) {
    super(scope, id);
    const applications = {
      PUSH_APNS_APPLICATION_ARN: props.apnsApplicationArn,
      PUSH_FCM_APPLICATION_ARN: props.fcmApplicationArn,
    };
    const given = Object.entries(applications).filter((entry): entry is [string, string] => !!entry[1]);
    this.#given = given;
    if (given.length === 0) {
      Annotations.of(this).addWarningV2(
        'journeys:push-application-missing',
        'No SNS platform application: push goes to the outbox table. To send it, deploy with -c pushApnsCredentialsSecretArn=… and/or -c pushFcmCredentialsSecretArn=… (the stack makes the applications), or with -c pushApnsApplicationArn=… and/or -c pushFcmApplicationArn=… (applications you made).',
      );
      return;
    }
    const endpoints = given.map(([, arn]) => endpointsOf(arn));
    const publish = new PolicyStatement({ actions: ['sns:Publish'], resources: endpoints });
    const register = new PolicyStatement({
      actions: ['sns:CreatePlatformEndpoint'],
      resources: given.map(([, arn]) => arn),
    });
    const manage = new PolicyStatement({
      actions: ['sns:DeleteEndpoint', 'sns:GetEndpointAttributes', 'sns:SetEndpointAttributes'],
      resources: endpoints,
    });
    // A send that finds an endpoint disabled unregisters the device, which reads the endpoint and
    // deletes it; it never changes one.
    const retire = new PolicyStatement({
      actions: ['sns:DeleteEndpoint', 'sns:GetEndpointAttributes'],
      resources: endpoints,
    });
    for (const sender of props.senders) {
      sender.addToRolePolicy(publish);
      sender.addToRolePolicy(retire);
      acknowledgeWildcards(
        sender,
        endpoints,
        'Each device has its own endpoint; the grant is limited to the endpoints of the configured applications.',
      );
    }
    for (const registrar of props.registrars) {
      registrar.addToRolePolicy(register);
      registrar.addToRolePolicy(manage);
      acknowledgeWildcards(
        registrar,
        endpoints,
        'Each device has its own endpoint; the grant is limited to the endpoints of the configured applications.',
      );
    }
    for (const fn of [...props.senders, ...props.registrars])
      for (const [variable, arn] of given) fn.addEnvironment(variable, arn);
  }

  /**
   * Lets `fn` delete the customers' endpoints of the applications, as an erasure does: it reads an
   * endpoint's owner, then deletes it. It may make none. Nothing without push.
   */
  grantEndpointDeletion(fn: DeployedFunction): void {
    if (this.#given.length === 0) return;
    const endpoints = this.#given.map(([, arn]) => endpointsOf(arn));
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['sns:GetEndpointAttributes', 'sns:DeleteEndpoint'],
        resources: endpoints,
      }),
    );
    acknowledgeWildcards(
      fn,
      endpoints,
      'Each device has its own endpoint; the grant is limited to reading and deleting the endpoints of the configured applications.',
    );
    for (const [variable, arn] of this.#given) fn.addEnvironment(variable, arn);
  }
}
