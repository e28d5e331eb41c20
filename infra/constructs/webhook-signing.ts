import { CfnOutput, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Function as DeployedFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface WebhookSigningProps {
  /** The functions that call webhooks: they sign every call with the secret. */
  readonly senders: readonly DeployedFunction[];
  /** Keep the secret on `cdk destroy`, so receivers need not be given a new one. @default true */
  readonly retainSecret?: boolean;
}

/**
 * The secret every webhook call is signed with (HMAC-SHA256 over the timestamp and body): one
 * Secrets Manager generates, read once per container by the senders alone. Receivers get it from
 * `aws secretsmanager get-secret-value` (docs/channels.md).
 */
export class WebhookSigning extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: WebhookSigningProps) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description:
        'Signs the webhook calls of Journeys; receivers verify the Journeys-Signature header with it',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.retainSecret === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Every receiver holds a copy to verify signatures; rotation is a coordinated change with them, not an automatic one.',
    });
    new CfnOutput(this, 'SecretArn', {
      description:
        'Give receivers this secret (aws secretsmanager get-secret-value) to verify Journeys-Signature',
      value: this.secret.secretArn,
    });
    for (const fn of props.senders) {
      this.secret.grantRead(fn);
      fn.addEnvironment('WEBHOOK_SECRET_ARN', this.secret.secretArn);
    }
  }
}
