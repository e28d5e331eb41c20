import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, test } from 'vitest';
import { JourneySchedules } from '../../../infra/constructs/journey-schedules.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';

describe('journey schedules', () => {
  test("a journey's audience refresh is a rate schedule of its own, from the first refresh until its until", async () => {
    // Prepare
    const catalog = await catalogFromWorkspace('test/fixtures/workspaces/journey-settings', [
      'refreshed-welcome',
    ]);
    const stack = new Stack(new App(), 'Schedules');
    const startCohorts = new LambdaFunction(stack, 'StartCohorts', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({});'),
    });

    // Act
    new JourneySchedules(stack, 'Schedules', {
      journeys: [...catalog.journeys.values()],
      startCohorts,
      deadLetterQueue: new Queue(stack, 'Dlq'),
    });

    // Assess
    const schedules = Template.fromStack(stack).findResources('AWS::Scheduler::Schedule');
    const refresh = Object.values(schedules).find((schedule) =>
      String(schedule.Properties.ScheduleExpression).startsWith('rate(1 day'),
    );
    expect(refresh?.Properties).toMatchObject({
      ScheduleExpression: 'rate(1 day)',
      StartDate: '2027-06-12T02:00:00.000Z',
      EndDate: '2027-06-13T02:00:00.000Z',
    });
    expect(JSON.stringify(refresh?.Properties.Target.Input)).toContain('refreshed-welcome');
    expect(Object.values(schedules).map((schedule) => schedule.Properties.ScheduleExpression)).toContain(
      'at(2027-06-11T10:00:00)',
    );
  });
});
