import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../infra/app.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

let stack: Record<string, Resource>;
let access: Record<string, Resource>;

beforeAll(async () => {
  // Bundling skipped: only the templates are read here.
  const app = await buildApp(
    new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'test', githubRepository: 'shop/journeys' } }),
  );
  const assembly = app.synth();
  const resourcesOf = (name: string) =>
    Template.fromJSON(assembly.getStackByName(name).template).toJSON().Resources as Record<string, Resource>;
  stack = resourcesOf('Journeys-test');
  access = resourcesOf('JourneysDeployAccess');
}, 60_000);

const ofType = (resources: Record<string, Resource>, type: string) =>
  Object.values(resources).filter((resource) => resource.Type === type);

describe('what the deployed stack keeps out of its logs, and for how long it keeps them', () => {
  test('no function logs its incoming event, nor runs below the default INFO level', () => {
    const functions = ofType(stack, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(10);
    for (const fn of functions) {
      const variables = (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables;
      expect(variables?.POWERTOOLS_LOGGER_LOG_EVENT).toBeUndefined();
      for (const name of ['POWERTOOLS_LOG_LEVEL', 'LOG_LEVEL', 'AWS_LAMBDA_LOG_LEVEL'])
        expect([undefined, 'INFO', 'WARN', 'ERROR']).toContain(variables?.[name]);
    }
  });

  test('every log group expires what it holds within a month', () => {
    const groups = ofType(stack, 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(10);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBeLessThanOrEqual(30);
  });

  test('the state machines log their executions without the data that passes through them', () => {
    const machines = ofType(stack, 'AWS::StepFunctions::StateMachine').filter(
      (machine) => machine.Properties.LoggingConfiguration,
    );
    expect(machines.length).toBeGreaterThan(0);
    for (const machine of machines)
      expect(machine.Properties.LoggingConfiguration).toMatchObject({ IncludeExecutionData: false });
  });
});

describe('webhooks', () => {
  test('no deployed function may call a private address: none sets WEBHOOK_ALLOW_PRIVATE_TARGETS', () => {
    const functions = ofType(stack, 'AWS::Lambda::Function');
    const allowing = functions.filter((fn) =>
      JSON.stringify(fn.Properties.Environment ?? {}).includes('WEBHOOK_ALLOW_PRIVATE_TARGETS'),
    );
    expect(functions.length).toBeGreaterThan(10);
    expect(allowing).toEqual([]);
  });
});

describe('how long the tables keep personal data', () => {
  test('the events table expires timeline items by their expiresAt, as the state table does its items', () => {
    const ttlOf = (name: string) =>
      ofType(stack, 'AWS::DynamoDB::GlobalTable').find((table) => table.Properties.TableName === name)
        ?.Properties.TimeToLiveSpecification;
    for (const name of ['journeys-test-events', 'journeys-test-state'])
      expect(ttlOf(name)).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });
});

describe('who may deploy', () => {
  test("only the repository's main branch and its deployment environments may assume the deploy role", () => {
    // The other role of the stack is the OIDC provider's custom resource's, which Lambda assumes.
    const trusts = ofType(access, 'AWS::IAM::Role').map(
      (role) =>
        (role.Properties.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
    const federated = trusts.filter((statements) => JSON.stringify(statements).includes('Federated'));
    expect(federated).toHaveLength(1);
    expect(
      trusts.flat().filter((statement) => !JSON.stringify(statement).includes('lambda.amazonaws.com')),
    ).toHaveLength(1);
    const trust = federated[0] ?? [];
    expect(trust).toHaveLength(1);
    expect(trust[0]).toMatchObject({
      Action: 'sts:AssumeRoleWithWebIdentity',
      Effect: 'Allow',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'token.actions.githubusercontent.com:sub': [
            'repo:shop/journeys:ref:refs/heads/main',
            'repo:shop/journeys:environment:*',
          ],
        },
      },
    });
  });
});
