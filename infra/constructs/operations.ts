import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface OperationsProps {
  readonly stage: string;
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly stateMachines: Readonly<Record<string, StateMachine>>;
  readonly tables: readonly ITableV2[];
  readonly deadLetterQueue: IQueue;
  /**
   * Who is e-mailed when an alarm fires.
   * @default nobody: alarms still show in the console
   */
  readonly alarmEmail?: string;
}

/** Alarms on what breaks a campaign, and a dashboard of each journey's executions and funnel. */
export class Operations extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const topic = new Topic(this, 'Alarms', { enforceSSL: true });
    if (props.alarmEmail) topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const alarm = (name: string, metric: IMetric, threshold = 1) => {
      const created = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(topic));
      this.alarms.push(created);
    };
    for (const [journeyId, machine] of Object.entries(props.stateMachines)) {
      alarm(`${journeyId}-failed`, machine.metricFailed({ period: Duration.minutes(5) }));
      alarm(`${journeyId}-throttled`, machine.metricThrottled({ period: Duration.minutes(5) }));
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}-errors`, fn.metricErrors({ period: Duration.minutes(5) }));
      alarm(`${name}-throttles`, fn.metricThrottles({ period: Duration.minutes(5) }));
    }
    props.tables.forEach((table, index) => {
      alarm(
        `table-${index}-throttles`,
        table.metric('ThrottledRequests', { statistic: 'Sum', period: Duration.minutes(5) }),
      );
    });
    alarm(
      'dead-letters',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    );
    alarm(
      'state-transition-throttling',
      new Metric({
        namespace: 'AWS/States',
        metricName: 'ThrottledEvents',
        dimensionsMap: { ServiceMetric: 'StateTransition' },
        statistic: 'Sum',
      }),
    );

    // A template that fails to render rejects its messages one by one and the run goes on: only this tells.
    alarm(
      'messages-unrendered',
      new Metric({
        namespace: 'Journeys',
        metricName: 'MessagesUnrendered',
        dimensionsMap: { service: 'journeys' },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
    );

    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `journeys-${props.stage}` });
    const funnel = (journeyId: string, metricName: string) =>
      new Metric({
        namespace: 'Journeys',
        metricName,
        dimensionsMap: { service: 'journeys', journey: journeyId },
        statistic: 'Sum',
        period: Duration.hours(1),
      });
    for (const [journeyId, machine] of Object.entries(props.stateMachines)) {
      dashboard.addWidgets(
        new GraphWidget({
          title: `${journeyId}: executions`,
          left: [machine.metricStarted(), machine.metricSucceeded(), machine.metricFailed()],
        }),
        new GraphWidget({
          title: `${journeyId}: funnel`,
          left: ['entered', 'heldOut', 'sent', 'granted', 'converted', 'completed', 'exited'].map((name) =>
            funnel(journeyId, name),
          ),
          right: ['skippedConsent', 'deferredQuietHours', 'capped'].map((name) => funnel(journeyId, name)),
        }),
      );
    }
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Events and cohorts (EMF)',
        left: ['EventsAccepted', 'EventsRejected', 'CohortsStarted'].map(
          (metricName) =>
            new Metric({
              namespace: 'Journeys',
              metricName,
              dimensionsMap: { service: 'journeys' },
              statistic: 'Sum',
            }),
        ),
      }),
    );
  }
}
