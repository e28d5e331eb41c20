import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, test } from 'vitest';
import { FUNCTION_NAMES } from '../../functions/function-table.ts';
import { buildApp } from '../../infra/app.ts';
import { compileJourneyToJson } from '../../workflows/compiler/compile.ts';
import { loadWorkspace } from '../../workflows/workspace/workspace.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

const journeys = loadWorkspace('workflows').journeys.map((loaded) => loaded.journey);
let template: Template;
let resources: Record<string, Resource>;
let app: App;

beforeAll(async () => {
  // Bundling skipped: the template is what is asserted here; `cdk synth` in CI bundles for real.
  app = await buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'test' } }));
  const assembly = app.synth();
  template = Template.fromJSON(assembly.getStackByName('Journeys-test').template);
  resources = template.toJSON().Resources as Record<string, Resource>;
}, 60_000);

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
/** The journeys' state machines: compiled ASL with its functions substituted (the import machine is CDK's own). */
const journeyMachines = () =>
  ofType('AWS::StepFunctions::StateMachine').filter(
    ([, machine]) => machine.Properties.DefinitionSubstitutions,
  );

type Statement = { Action: string | string[]; Resource: unknown };

function functionResource(idPart: string): Resource {
  const found = ofType('AWS::Lambda::Function').find(([id]) => id.toLowerCase().includes(idPart));
  if (!found) throw new Error(`no function whose logical id contains "${idPart}"`);
  return found[1];
}

/** Every IAM statement attached to a function's role. */
function statementsOf(fn: Resource): Statement[] {
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** The DynamoDB actions a function's role may take, by table (customers, events, state, outbox). */
function actionsOf(functionIdPart: string): Record<string, string[]> {
  const byTable: Record<string, string[]> = {};
  for (const statement of statementsOf(functionResource(functionIdPart))) {
    const target = JSON.stringify(statement.Resource).match(/Tables(customers|events|state|outbox)/i)?.[1];
    if (!target) continue;
    const table = target.toLowerCase();
    byTable[table] = [...(byTable[table] ?? []), ...[statement.Action].flat()];
  }
  return byTable;
}

describe('the Journeys stack', () => {
  test('passes the cdk-nag AwsSolutions checks, every remaining finding acknowledged with a reason', async () => {
    // buildApp registers AwsSolutionsChecks; synth fails on any unacknowledged finding.
    const nagged = await buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'nagcheck' } }));
    expect(() => nagged.synth()).not.toThrow();
  });

  test.each(journeys)(
    '$id has one state machine whose definition is the compiled ASL with its function ARNs substituted',
    (journey) => {
      const machines = ofType('AWS::StepFunctions::StateMachine').filter(
        ([, resource]) => resource.Properties.StateMachineName === `journeys-test-${journey.id}`,
      );
      expect(machines).toHaveLength(1);
      const properties = (machines[0] as [string, Resource])[1].Properties;
      expect(properties.DefinitionString).toBe(
        compileJourneyToJson(journey, { mapMode: 'distributed', maxConcurrency: 100 }),
      );
      const substitutions = properties.DefinitionSubstitutions as Record<
        string,
        { 'Fn::GetAtt': [string, string] }
      >;
      for (const placeholder of Object.keys(substitutions)) {
        expect(String(properties.DefinitionString)).toContain(`\${${placeholder}}`);
        const [logicalId, attribute] = substitutions[placeholder]?.['Fn::GetAtt'] ?? [];
        expect(resources[logicalId ?? '']?.Type).toBe('AWS::Lambda::Function');
        expect(attribute).toBe('Arn');
      }
      expect(properties.TracingConfiguration).toEqual({ Enabled: true });
      expect(properties.LoggingConfiguration).toMatchObject({ Level: 'ALL' });
    },
  );

  test('no IAM statement grants a wildcard action', () => {
    for (const [name, policy] of ofType('AWS::IAM::Policy')) {
      const statements = (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] })
        .Statement;
      for (const statement of statements) {
        for (const action of [statement.Action].flat()) expect(action, name).not.toMatch(/(^\*$|:\*$)/);
      }
    }
  });

  test("each state machine's role may invoke only the functions its ASL names", () => {
    for (const [, machine] of journeyMachines()) {
      const roleId = (machine.Properties.RoleArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
      const allowed = new Set(
        Object.values(
          machine.Properties.DefinitionSubstitutions as Record<string, { 'Fn::GetAtt': [string] }>,
        ).map((value) => value['Fn::GetAtt'][0]),
      );
      const policies = ofType('AWS::IAM::Policy').filter(([, policy]) =>
        JSON.stringify(policy.Properties.Roles).includes(roleId),
      );
      const invoked = new Set<string>();
      for (const [, policy] of policies) {
        for (const statement of (
          policy.Properties.PolicyDocument as {
            Statement: { Action: string | string[]; Resource: unknown }[];
          }
        ).Statement) {
          if (![statement.Action].flat().includes('lambda:InvokeFunction')) continue;
          for (const match of JSON.stringify(statement.Resource).matchAll(/"Fn::GetAtt":\["(\w+)","Arn"\]/g))
            invoked.add(match[1] as string);
        }
      }
      expect([...invoked].sort()).toEqual([...allowed].sort());
    }
  });

  test('tables are on demand, encrypted, with point-in-time recovery; TTL where the data model says', () => {
    const tables = ofType('AWS::DynamoDB::GlobalTable');
    expect(tables).toHaveLength(4);
    for (const [, table] of tables) {
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.SSESpecification).toMatchObject({ SSEEnabled: true });
      expect(JSON.stringify(table.Properties.Replicas)).toContain('"PointInTimeRecoveryEnabled":true');
    }
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'journeys-test-state',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  test('the events API takes only IAM-signed requests, throttled', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /events',
      AuthorizationType: 'AWS_IAM',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 500 }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  test('scheduled journeys fire in their own time zone; the ticker runs every minute', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'at(2027-06-11T10:00:00)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'at(2027-06-21T10:00:00)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 minute)' });
  });

  test('functions run Node 24 on ARM64 with tracing, and asynchronous failures have a dead-letter queue', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(FUNCTION_NAMES.length);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({ DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }) }),
    });
  });

  test('scheduled journeys snapshot their audience with a function that may run 15 minutes', () => {
    const scheduled = journeys.filter((journey) => journey.trigger.kind === 'schedule');
    const snapshotTargets = journeyMachines().flatMap(([, machine]) => {
      const substitutions = machine.Properties.DefinitionSubstitutions as Record<
        string,
        { 'Fn::GetAtt': [string] }
      >;
      return substitutions.SnapshotFunctionArn ? [substitutions.SnapshotFunctionArn['Fn::GetAtt'][0]] : [];
    });
    expect(snapshotTargets).toHaveLength(scheduled.length);
    for (const target of snapshotTargets) expect(target.toLowerCase()).toContain('snapshotaudience');
    expect(functionResource('snapshotaudience').Properties).toMatchObject({ Timeout: 900 });
  });

  test('start-cohorts may describe the customers table, to size the snapshot by its item count', () => {
    const describe = statementsOf(functionResource('startcohorts')).filter((statement) =>
      [statement.Action].flat().includes('dynamodb:DescribeTable'),
    );
    expect(JSON.stringify(describe.map((statement) => statement.Resource))).toMatch(/Tablescustomers/i);
  });

  test('partition may read timelines and write profiles: entering an event journey applies the events since entry', () => {
    const actions = actionsOf('partition');
    expect(actions.events).toEqual(expect.arrayContaining(['dynamodb:Query']));
    expect(actions.customers).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:GetItem']));
  });

  test('the snapshot function reads profiles but never writes them', () => {
    const actions = actionsOf('snapshotaudience');
    expect(actions.customers).toEqual(expect.arrayContaining(['dynamodb:Scan', 'dynamodb:BatchGetItem']));
    expect(actions.customers).not.toContain('dynamodb:PutItem');
    expect(actions.customers).not.toContain('dynamodb:BatchWriteItem');
    expect(actions.state).toEqual(expect.arrayContaining(['dynamodb:BatchWriteItem']));
  });

  test('alarms watch failed executions, function errors and throttles, table throttles, dead letters and unrendered messages', () => {
    expect(ofType('AWS::CloudWatch::Alarm').length).toBeGreaterThanOrEqual(
      4 * 2 + FUNCTION_NAMES.length * 2 + 4 + 2,
    );
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'MessagesUnrendered',
      Namespace: 'Journeys',
      Threshold: 1,
    });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(ofType('AWS::CloudWatch::Dashboard')[0]?.[1].Properties.DashboardBody);
    for (const journey of journeys) expect(body).toContain(`${journey.id}: funnel`);
  });
});

describe('warm throughput before a large campaign', () => {
  const synthWith = async (warmWritesPerSecond: unknown) =>
    Template.fromJSON(
      (
        await buildApp(
          new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'warm', warmWritesPerSecond } }),
        )
      )
        .synth()
        .getStackByName('Journeys-warm').template,
    );

  test('warmWritesPerSecond warms the state table only', async () => {
    const warm = await synthWith('40000');
    const tables = Object.values(warm.findResources('AWS::DynamoDB::GlobalTable')) as Resource[];
    const warmed = tables.filter((table) => table.Properties.WarmThroughput !== undefined);
    expect(warmed).toHaveLength(1);
    expect(warmed[0]?.Properties).toMatchObject({
      TableName: 'journeys-warm-state',
      WarmThroughput: { WriteUnitsPerSecond: 40_000 },
    });
  });

  test('snapshot sizing reaches the functions only when it is set', async () => {
    const sized = Template.fromJSON(
      (
        await buildApp(
          new App({
            context: { 'aws:cdk:bundling-stacks': [], stage: 'sized', audienceSegments: '40' },
          }),
        )
      )
        .synth()
        .getStackByName('Journeys-sized').template,
    );
    sized.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ AUDIENCE_SEGMENTS: '40', AUDIENCE_SEGMENT_CUSTOMERS: '50000' }),
      },
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('"AUDIENCE_SEGMENTS"');
  });

  test('a value below what a new table serves is refused, naming the option', async () => {
    await expect(synthWith('100')).rejects.toThrow(/warmWritesPerSecond[\s\S]*expected at least 4000/);
  });
});

describe('the deploy access stack', () => {
  test('creates the GitHub OIDC provider and a role only this repository can assume', () => {
    const access = Template.fromJSON(app.synth().getStackByName('JourneysDeployAccess').template);
    access.resourceCountIs('Custom::AWSCDKOpenIdConnectProvider', 1);
    access.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Condition: Match.objectLike({
              StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            }),
          }),
        ]),
      }),
    });
  });
});
