import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as DeployedFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SEGMENT_PATHS } from '../../functions/segment-events/segment-request.ts';

export interface SegmentSourceProps {
  readonly stage: string;
  /** The events API the routes join. */
  readonly api: HttpApi;
  /** The function behind POST /v1/batch, /v1/track and /v1/identify. */
  readonly ingest: DeployedFunction;
  /** The Lambda authorizer that checks the write key. */
  readonly authorizer: DeployedFunction;
  readonly tables: {
    readonly customers: ITableV2;
    readonly events: ITableV2;
    readonly state: ITableV2;
  };
  /**
   * How long API Gateway keeps an authorizer's answer for one Authorization header.
   * @default 5 minutes: a changed key is refused (or taken) within that
   */
  readonly authorizerCacheTtl?: Duration;
  /**
   * Keep the write key on `cdk destroy`: the Segment sources configured with it keep working after a redeploy.
   * @default true
   */
  readonly retainKey?: boolean;
}

/** The write key secret's name, so an operator finds it: `aws secretsmanager get-secret-value --secret-id <name>`. */
export const segmentWriteKeyName = (stage: string) => `journeys-${stage}-segment-write-key`;

/**
 * Segment's tracking API on the events API: POST /v1/batch, /v1/track and /v1/identify, each
 * behind a Lambda authorizer (simple responses, cached per Authorization header) that checks the
 * HTTP Basic write key against a generated secret only it may read. Segment's libraries and
 * destinations pointed at the API's URL work unchanged.
 */
export class SegmentSource extends Construct {
  readonly writeKey: Secret;

  constructor(scope: Construct, id: string, props: SegmentSourceProps) {
    super(scope, id);
    this.writeKey = new Secret(this, 'WriteKey', {
      secretName: segmentWriteKeyName(props.stage),
      description: 'The write key Segment libraries send to Journeys, as the user name of HTTP Basic auth',
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
      removalPolicy: props.retainKey === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    Validations.of(this.writeKey).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'The write key is also configured in every Segment source and library that sends to Journeys; an automatic rotation would cut them all off until each was changed by hand.',
    });
    this.writeKey.grantRead(props.authorizer);
    props.authorizer.addEnvironment('SEGMENT_WRITE_KEY_SECRET_ARN', this.writeKey.secretArn);

    const { customers, events, state } = props.tables;
    // What POST /events's function may do, since the calls go through the same ingest.
    customers.grantReadWriteData(props.ingest);
    events.grantWriteData(props.ingest);
    state.grantReadWriteData(props.ingest);

    const authorizer = new HttpLambdaAuthorizer('SegmentWriteKey', props.authorizer, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: props.authorizerCacheTtl ?? Duration.minutes(5),
    });
    const integration = new HttpLambdaIntegration('Segment', props.ingest);
    for (const path of SEGMENT_PATHS)
      props.api.addRoutes({ path, methods: [HttpMethod.POST], integration, authorizer });
    new CfnOutput(this, 'WriteKeySecretName', {
      value: this.writeKey.secretName,
      description:
        'The Segment write key: read it with aws secretsmanager get-secret-value --secret-id <this>',
    });
  }
}
