import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as DeployedFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { pseudonymSecretName } from '../../functions/commons/util/pseudonym.ts';
import type { PushDelivery } from './push-delivery.ts';

export interface CustomerRightsProps {
  readonly stage: string;
  /** The function behind DELETE /customers/{id} and GET /customers/{id}/export. */
  readonly eraser: DeployedFunction;
  /** Functions that look up tombstones before they write a profile (a customer import). @default none */
  readonly checkers?: readonly DeployedFunction[];
  readonly tables: {
    readonly customers: ITableV2;
    readonly events: ITableV2;
    readonly state: ITableV2;
    readonly outbox: ITableV2;
  };
  /** Push, whose endpoints an erasure deletes when it is configured. */
  readonly push: PushDelivery;
  /**
   * Keep the pseudonym key on `cdk destroy`: tombstones and pseudonyms made with it stay findable.
   * @default true
   */
  readonly retainKey?: boolean;
}

/**
 * Erasure and export: the pseudonym key (a generated secret, named after the stage so the CLI
 * finds it), and what the customer-rights function may do, action by action: read a customer's
 * records by key (GetItem, BatchGetItem, Query; never Scan), delete them, and rename the send
 * records and run grants it keeps for the counts (PutItem, UpdateItem).
 */
export class CustomerRights extends Construct {
  readonly key: Secret;

  constructor(scope: Construct, id: string, props: CustomerRightsProps) {
    super(scope, id);
    this.key = new Secret(this, 'PseudonymKey', {
      secretName: pseudonymSecretName(props.stage),
      description: 'HMAC key of the pseudonyms and tombstones of customers Journeys erased',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.retainKey === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    Validations.of(this.key).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Rotating the key would lose every tombstone: an import could then bring erased customers back.',
    });
    const { customers, events, state, outbox } = props.tables;
    const fn = props.eraser;
    customers.grant(fn, 'dynamodb:BatchGetItem', 'dynamodb:DeleteItem');
    events.grant(fn, 'dynamodb:Query', 'dynamodb:BatchWriteItem');
    state.grant(
      fn,
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    );
    outbox.grant(fn, 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem');
    props.push.grantEndpointDeletion(fn);
    for (const reader of [fn, ...(props.checkers ?? [])]) {
      this.key.grantRead(reader);
      reader.addEnvironment('PSEUDONYM_SECRET_ARN', this.key.secretArn);
    }
    for (const checker of props.checkers ?? []) state.grant(checker, 'dynamodb:BatchGetItem');
  }
}
