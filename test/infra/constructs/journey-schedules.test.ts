import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, test } from 'vitest';
import { JourneySchedules } from '../../../infra/constructs/journey-schedules.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';

/** The Scheduler schedules of the refreshed-welcome journey, synthesized at `now`. */
async function schedulesAt(now: string) {
  const catalog = await catalogFromWorkspace('test/fixtures/workspaces/journey-settings', [
    'refreshed-welcome',
  ]);
  const stack = new Stack(new App(), 'Schedules');
  const startCohorts = new LambdaFunction(stack, 'StartCohorts', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => ({});'),
  });
  new JourneySchedules(stack, 'Schedules', {
    journeys: [...catalog.journeys.values()],
    startCohorts,
    deadLetterQueue: new Queue(stack, 'Dlq'),
    now: Date.parse(now),
  });
  const schedules = Object.values(Template.fromStack(stack).findResources('AWS::Scheduler::Schedule'));
  const refresh = schedules.find((schedule) =>
    String(schedule.Properties.ScheduleExpression).startsWith('rate(1 day'),
  );
  return { schedules, refresh };
}

describe('journey schedules', () => {
  test("a journey's audience refresh is a rate schedule of its own, from the first refresh until a minute after its until", async () => {
    // Act
    const { schedules, refresh } = await schedulesAt('2027-06-01T00:00:00Z');

    // Assess
    expect(refresh?.Properties).toMatchObject({
      ScheduleExpression: 'rate(1 day)',
      StartDate: '2027-06-12T02:00:00.000Z',
      EndDate: '2027-06-13T02:01:00.000Z',
    });
    expect(JSON.stringify(refresh?.Properties.Target.Input)).toContain('refreshed-welcome');
    expect(schedules.map((schedule) => schedule.Properties.ScheduleExpression)).toContain(
      'at(2027-06-11T10:00:00)',
    );
  });

  test('deployed after its first refresh, the refresh schedule starts at the next one', async () => {
    // Act
    const { refresh } = await schedulesAt('2027-06-12T09:00:00Z');

    // Assess: the Scheduler refuses a StartDate more than 5 minutes in the past.
    expect(refresh?.Properties).toMatchObject({
      StartDate: '2027-06-13T02:00:00.000Z',
      EndDate: '2027-06-13T02:01:00.000Z',
    });
  });

  test('deployed after its last refresh, the journey has no refresh schedule', async () => {
    // Act
    const { schedules, refresh } = await schedulesAt('2027-06-13T03:00:00Z');

    // Assess
    expect(refresh).toBeUndefined();
    expect(schedules).toHaveLength(2);
  });
});
