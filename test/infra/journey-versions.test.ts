import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { loadWorkspace } from '../../workflows/workspace/workspace.ts';
import { ofType, type Resource, statementsWith } from '../support/infra.ts';

const journeys = loadWorkspace('workflows').journeys.map((loaded) => loaded.journey);
let resources: Record<string, Resource>;

beforeAll(async () => {
  // Bundling skipped: the template is what is asserted here.
  const app = await buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'test' } }));
  resources = Template.fromJSON(app.synth().getStackByName('Journeys-test').template).toJSON().Resources;
}, 120_000);

/** An ARN as the stack builds it from its partition, region and account. */
const arn = (resource: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':states:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:stateMachine:${resource}`,
    ],
  ],
});

describe('journey versions in the stack', () => {
  test('every journey publishes a version behind a live alias', () => {
    const versions = ofType(resources, 'AWS::StepFunctions::StateMachineVersion');
    const aliases = ofType(resources, 'AWS::StepFunctions::StateMachineAlias');
    expect(
      versions.map(([, version]) => String(version.Properties.Description).split(',')[0]).sort(),
    ).toEqual(journeys.map((journey) => `journey ${journey.id} v${journey.version}`).sort());
    expect(aliases.map(([, alias]) => alias.Properties.Name)).toEqual(journeys.map(() => 'live'));
  });

  test('start-cohorts and fork may start executions and read the alias of the journeys, their versions included, and nothing else', () => {
    // Act
    const byFunction = statementsWith(resources, /^states:/);

    // Assess
    expect(Object.keys(byFunction).sort()).toEqual(['fork', 'start-cohorts']);
    for (const statements of Object.values(byFunction)) {
      expect(statements).toHaveLength(1);
      expect(statements[0]?.Action).toEqual(['states:StartExecution', 'states:DescribeStateMachineAlias']);
      expect(statements[0]?.Resource).toEqual(
        journeys.flatMap((journey) => [
          arn(`journeys-test-${journey.id}`),
          arn(`journeys-test-${journey.id}:*`),
        ]),
      );
    }
  });
});
