import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Function as DeployedFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface UnsubscribeLinksProps {
  /** The URL the links point at: the events API, whose /unsubscribe route checks them. */
  readonly baseUrl: string;
  /** The functions that sign links into the messages they send. */
  readonly signers: readonly DeployedFunction[];
  /** The functions that check the links they are given. */
  readonly verifiers: readonly DeployedFunction[];
  /**
   * Keep the key on `cdk destroy`: links already sent stay valid after a redeploy.
   * @default true
   */
  readonly retainKey?: boolean;
}

/**
 * The HMAC key of one-click unsubscribe links: a secret Secrets Manager generates, which only
 * the functions that sign or check links may read (each reads it once per container).
 */
export class UnsubscribeLinks extends Construct {
  readonly key: Secret;

  constructor(scope: Construct, id: string, props: UnsubscribeLinksProps) {
    super(scope, id);
    this.key = new Secret(this, 'Key', {
      description: 'HMAC key of the one-click unsubscribe links Journeys puts in its messages',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.retainKey === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    Validations.of(this.key).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Rotating the key would void every unsubscribe link already delivered, which must keep working for months after the message.',
    });
    for (const fn of [...props.signers, ...props.verifiers]) {
      this.key.grantRead(fn);
      fn.addEnvironment('UNSUBSCRIBE_SECRET_ARN', this.key.secretArn);
    }
    for (const fn of props.signers) fn.addEnvironment('UNSUBSCRIBE_BASE_URL', props.baseUrl);
  }
}
