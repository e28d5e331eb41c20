import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { resolveMoment } from '../../workflows/language/moment.ts';
import { refreshSchedule } from '../../workflows/language/run-times.ts';
import type { Journey } from '../../workflows/schema/index.ts';
import { acknowledgeWildcards, arnToken } from './nag.ts';

export interface JourneySchedulesProps {
  readonly journeys: readonly Journey[];
  readonly startCohorts: IFunction;
  /** Where invocations that fail after their retries go. */
  readonly deadLetterQueue: IQueue;
  /** The synth time (epoch ms): a refresh schedule starts at the next refresh after it. @default Date.now() */
  readonly now?: number;
}

/**
 * EventBridge Scheduler: the minute ticker that turns entries into cohorts, and one schedule per
 * scheduled journey (a one-time `at()` or a cron), evaluated in the journey's own time zone.
 */
export class JourneySchedules extends Construct {
  readonly schedules: Record<string, Schedule> = {};

  constructor(scope: Construct, id: string, props: JourneySchedulesProps) {
    super(scope, id);
    const target = (input: Record<string, unknown>) =>
      new LambdaInvoke(props.startCohorts, {
        input: ScheduleTargetInput.fromObject(input),
        deadLetterQueue: props.deadLetterQueue,
        maxEventAge: Duration.hours(1),
        retryAttempts: 3,
      });
    // The Scheduler role CDK creates lives at the stack root, one per target function.
    acknowledgeWildcards(
      Stack.of(this),
      [`${arnToken(props.startCohorts)}:*`],
      'The Scheduler role may invoke the start-cohorts function and its versions only.',
    );
    this.schedules.ticker = new Schedule(this, 'MinuteTicker', {
      description:
        'Each minute, the entries of past minutes become cohorts; deferred sends that are due go out.',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: target({ action: 'tick' }),
    });
    for (const journey of props.journeys) {
      if (journey.trigger.kind !== 'schedule') continue;
      const trigger = journey.trigger;
      const zone = TimeZone.of(trigger.timezone);
      let expression: ScheduleExpression;
      if (trigger.at !== undefined) {
        const at = resolveMoment(trigger.at, journey.campaign, trigger.timezone);
        if (!at.ok) throw new Error(`journey ${journey.id}: ${at.problem}`);
        expression = ScheduleExpression.expression(
          `at(${at.at.setZone(trigger.timezone).toFormat("yyyy-MM-dd'T'HH:mm:ss")})`,
          zone,
        );
      } else {
        expression = ScheduleExpression.expression(`cron(${trigger.cron})`, zone);
      }
      this.schedules[journey.id] = new Schedule(this, `Schedule-${journey.id}`, {
        description: `Starts a run of journey ${journey.id} on its audience.`,
        schedule: expression,
        target: target({
          action: 'schedule',
          journeyId: journey.id,
          scheduledAt: ContextAttribute.scheduledTime,
        }),
      });
      // Each refresh is a run of its own: the snapshot takes the audience again and the re-entry
      // rules let in only who may enter, from the next refresh after the deploy until `until`.
      const refresh = refreshSchedule(journey, props.now ?? Date.now());
      if (refresh) {
        this.schedules[`${journey.id}-refresh`] = new Schedule(this, `Refresh-${journey.id}`, {
          description: `Refreshes the audience of journey ${journey.id}: a run on who joined it since.`,
          schedule: ScheduleExpression.rate(Duration.minutes(refresh.every / 60_000)),
          start: new Date(refresh.start),
          ...(refresh.end === undefined ? {} : { end: new Date(refresh.end) }),
          target: target({
            action: 'schedule',
            journeyId: journey.id,
            scheduledAt: ContextAttribute.scheduledTime,
          }),
        });
      }
    }
  }
}
