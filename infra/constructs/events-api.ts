import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface EventsApiProps {
  readonly ingest: IFunction;
  /** GET and POST /unsubscribe: the one-click unsubscribe links of the messages. */
  readonly unsubscribe: IFunction;
  /** GET /customers/{id}/inbox and POST /customers/{id}/inbox/{message}/read, for the apps' in-app inbox. */
  readonly inbox: IFunction;
  /** DELETE /customers/{id} and GET /customers/{id}/export: a customer's erasure and export. */
  readonly customerRights: IFunction;
  /**
   * Requests per second across the API.
   * @default 500 (with bursts of 1,000): a batch holds up to 500 events
   */
  readonly rateLimit?: number;
}

/**
 * POST /events behind an HTTP API that only SigV4-signed (IAM) callers may use, and the public
 * GET and POST /unsubscribe that mail providers and customers call, with throttling and access logs.
 */
export class EventsApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: EventsApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Customer events for Journeys',
      defaultAuthorizer: new HttpIamAuthorizer(),
    });
    this.api.addRoutes({
      path: '/events',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Ingest', props.ingest),
    });
    // The app's backend calls these as it calls /events: signed with IAM credentials.
    const inbox = new HttpLambdaIntegration('Inbox', props.inbox);
    this.api.addRoutes({ path: '/customers/{id}/inbox', methods: [HttpMethod.GET], integration: inbox });
    this.api.addRoutes({
      path: '/customers/{id}/inbox/{message}/read',
      methods: [HttpMethod.POST],
      integration: inbox,
    });
    // A customer's rights over their data: the backend that serves the request signs it, as for /events.
    const rights = new HttpLambdaIntegration('CustomerRights', props.customerRights);
    this.api.addRoutes({ path: '/customers/{id}', methods: [HttpMethod.DELETE], integration: rights });
    this.api.addRoutes({ path: '/customers/{id}/export', methods: [HttpMethod.GET], integration: rights });
    const unsubscribeRoutes = this.api.addRoutes({
      path: '/unsubscribe',
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration: new HttpLambdaIntegration('Unsubscribe', props.unsubscribe),
      authorizer: new HttpNoneAuthorizer(),
    });
    for (const route of unsubscribeRoutes)
      Validations.of(route).acknowledge({
        id: 'AwsSolutions::AwsSolutions-APIG4',
        reason:
          "Mail providers POST one-click unsubscribes (RFC 8058) without credentials; the link's HMAC-signed token is the authorization, and a token that does not verify gets 403.",
      });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    const rate = props.rateLimit ?? 500;
    stage.defaultRouteSettings = { throttlingRateLimit: rate, throttlingBurstLimit: rate * 2 };
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        caller: '$context.identity.caller',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.integrationLatency',
      }),
    };
  }
}
