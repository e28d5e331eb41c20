import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, test } from 'vitest';
import { JourneyStateMachine } from '../../../infra/constructs/journey-state-machine.ts';
import { placeholderName, TASK_ROLES } from '../../../workflows/compiler/asl.ts';
import { definitionHash } from '../../../workflows/compiler/definition-hash.ts';
import type { Journey } from '../../../workflows/schema/index.ts';
import { loadWorkspace } from '../../../workflows/workspace/workspace.ts';

const cartNudge = loadWorkspace('workflows').journeys.find((loaded) => loaded.journey.id === 'cart-nudge')
  ?.journey as Journey;

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

/** The template of a stack holding one journey's state machine, with stand-in task functions. */
function synth(journey: Journey): Record<string, Resource> {
  const stack = new Stack(new App(), 'Machine');
  const fn = new LambdaFunction(stack, 'Task', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => ({});'),
  });
  new JourneyStateMachine(stack, 'Journey', {
    journey,
    stateMachineName: `journeys-test-${journey.id}`,
    taskFunctions: Object.fromEntries(TASK_ROLES.map((role) => [placeholderName(role), fn])),
  });
  return Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
}

const ofType = (resources: Record<string, Resource>, type: string) =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);

describe('a journey state machine', () => {
  test('publishes its definition as a version named by its hash, kept when a later deploy replaces it', () => {
    // Act
    const resources = synth(cartNudge);

    // Assess
    const [machineId] = ofType(resources, 'AWS::StepFunctions::StateMachine')[0] ?? [];
    const versions = ofType(resources, 'AWS::StepFunctions::StateMachineVersion');
    expect(versions).toHaveLength(1);
    const [, version] = versions[0] as [string, Resource];
    const definition = String(resources[machineId ?? '']?.Properties.DefinitionString);
    expect(version.Properties).toEqual({
      StateMachineArn: { Ref: machineId },
      StateMachineRevisionId: { 'Fn::GetAtt': [machineId, 'StateMachineRevisionId'] },
      Description: `journey cart-nudge v${cartNudge.version}, definition sha256:${definitionHash(definition)}`,
    });
    expect(version).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('the live alias routes every new cohort to the version this deploy published', () => {
    // Act
    const resources = synth(cartNudge);

    // Assess
    const [versionId] = ofType(resources, 'AWS::StepFunctions::StateMachineVersion')[0] ?? [];
    const aliases = ofType(resources, 'AWS::StepFunctions::StateMachineAlias').map(([, alias]) => alias);
    expect(aliases).toHaveLength(1);
    expect(aliases[0]?.Properties).toMatchObject({
      Name: 'live',
      RoutingConfiguration: [{ StateMachineVersionArn: { 'Fn::GetAtt': [versionId, 'Arn'] }, Weight: 100 }],
    });
  });

  test('an unchanged journey describes its version alike, and any edit of a step changes it', () => {
    // Prepare
    const edited: Journey = {
      ...cartNudge,
      steps: cartNudge.steps.filter((step) => step.id !== cartNudge.steps.at(-1)?.id),
    };
    const description = (resources: Record<string, Resource>) =>
      ofType(resources, 'AWS::StepFunctions::StateMachineVersion')[0]?.[1].Properties.Description;

    // Act
    const [first, again, changed] = [cartNudge, cartNudge, edited].map((journey) =>
      description(synth(journey)),
    );

    // Assess
    expect(again).toBe(first);
    expect(changed).not.toBe(first);
  });

  test('its role may start its Map children on any of its own versions, and nothing else', () => {
    // Act
    const resources = synth(cartNudge);

    // Assess
    const starts = ofType(resources, 'AWS::IAM::Policy')
      .flatMap(
        ([, policy]) =>
          (policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] })
            .Statement,
      )
      .filter((statement) => [statement.Action].flat().includes('states:StartExecution'));
    const self = (suffix: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':states:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          `:stateMachine:journeys-test-cart-nudge${suffix}`,
        ],
      ],
    });
    expect(starts.map((statement) => statement.Resource)).toEqual([[self(''), self(':*')]]);
  });
});
