import {
  DescribeStateMachineAliasCommand,
  ExecutionAlreadyExists,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import {
  StateMachineVersionError,
  StepFunctionsStarter,
} from '../../../../functions/commons/runtime/step-functions-starter.ts';
import type { ExecutionInput } from '../../../../workflows/contracts/execution.ts';

const sfn = mockClient(SFNClient);
const PREFIX = 'arn:aws:states:eu-west-1:111122223333:stateMachine:journeys-prod-';
const MACHINE = `${PREFIX}cart-nudge`;
const INPUT: ExecutionInput = {
  run: {
    journeyId: 'cart-nudge',
    journeyVersion: 3,
    runId: 'cart-nudge-202706111000',
    startedAt: '2027-06-11T10:00:00.000Z',
  },
  cohort: { id: 'cart-nudge-202706111000', shards: [0], size: 12 },
};

afterEach(() => sfn.reset());

function starter() {
  return new StepFunctionsStarter(new SFNClient({ region: 'eu-west-1' }), PREFIX);
}

/** What each StartExecution call asked for: the ARN it started and the run its input carried. */
function starts() {
  return sfn.commandCalls(StartExecutionCommand).map((call) => ({
    stateMachineArn: call.args[0].input.stateMachineArn,
    name: call.args[0].input.name,
    run: (JSON.parse(call.args[0].input.input ?? '{}') as ExecutionInput).run,
  }));
}

describe('StepFunctionsStarter', () => {
  test("a run's first cohort starts on the version the alias routes to, and its input names that version", async () => {
    // Prepare
    sfn
      .on(DescribeStateMachineAliasCommand, { stateMachineAliasArn: `${MACHINE}:live` })
      .resolves({ routingConfiguration: [{ stateMachineVersionArn: `${MACHINE}:7`, weight: 100 }] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn', startDate: new Date() });

    // Act
    const outcome = await starter().start('cart-nudge', INPUT.cohort.id, INPUT);

    // Assess
    expect(outcome).toBe('started');
    expect(starts()).toEqual([
      {
        stateMachineArn: `${MACHINE}:7`,
        name: 'cart-nudge-202706111000',
        run: { ...INPUT.run, stateMachineVersion: `${MACHINE}:7` },
      },
    ]);
  });

  test('a fork starts on the version its run names, without reading the alias that a deploy has moved since', async () => {
    // Prepare
    sfn
      .on(DescribeStateMachineAliasCommand)
      .resolves({ routingConfiguration: [{ stateMachineVersionArn: `${MACHINE}:8`, weight: 100 }] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn', startDate: new Date() });
    const fork = { ...INPUT, run: { ...INPUT.run, stateMachineVersion: `${MACHINE}:7` }, at: 'coupon' };

    // Act
    await starter().start('cart-nudge', 'cart-nudge-202706111000~0123456789abcdef', fork);

    // Assess
    expect(sfn.commandCalls(DescribeStateMachineAliasCommand)).toEqual([]);
    expect(starts().map((start) => start.stateMachineArn)).toEqual([`${MACHINE}:7`]);
  });

  test("a run naming another journey's version, or the alias, is refused before anything starts", async () => {
    // Prepare
    const named = (stateMachineVersion: string) => ({ ...INPUT, run: { ...INPUT.run, stateMachineVersion } });

    // Act
    const attempts = [`${PREFIX}preheat:7`, `${MACHINE}:live`, MACHINE].map((version) =>
      starter().start('cart-nudge', 'c', named(version)),
    );

    // Assess
    for (const attempt of attempts) await expect(attempt).rejects.toThrow(StateMachineVersionError);
    expect(sfn.commandCalls(StartExecutionCommand)).toEqual([]);
  });

  test('a name started before is "exists", as cohort starts and forks retry', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const fork = { ...INPUT, run: { ...INPUT.run, stateMachineVersion: `${MACHINE}:7` } };

    // Act
    const outcome = await starter().start('cart-nudge', 'c', fork);

    // Assess
    expect(outcome).toBe('exists');
  });

  test('an alias that routes to no version stops the start with what to do', async () => {
    // Prepare
    sfn.on(DescribeStateMachineAliasCommand).resolves({ routingConfiguration: [] });

    // Act
    const attempt = starter().start('cart-nudge', 'c', INPUT);

    // Assess
    await expect(attempt).rejects.toThrow(
      `alias ${MACHINE}:live routes to no version; deploy the stack again`,
    );
  });
});
