import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../../infra/app.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: unknown };

const CREDENTIALS = {
  pushApnsCredentialsSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:journeys/apns-AbCdEf',
  pushApnsKeyId: 'ABC123DEFG',
  pushApnsTeamId: 'TEAM123456',
  pushApnsBundleId: 'com.example.shop',
  pushFcmCredentialsSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:journeys/fcm-GhIjKl',
};

async function synth(stage: string, context: Record<string, string>) {
  // Bundling skipped: only the template is read here. The synth runs cdk-nag and throws on a finding.
  const app = await buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], stage, ...context } }));
  const stack = app.synth().getStackByName(`Journeys-${stage}`);
  return Object.entries(stack.template.Resources as Record<string, Resource>);
}

/** A value as the template builds it, with each Ref written "<AWS::Region>" and each GetAtt "<Id.Arn>". */
function text(value: unknown): string {
  if (value === undefined || typeof value === 'string') return value ?? '';
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(text).join(join[0]);
  const ref = (value as { Ref?: string }).Ref;
  if (ref) return `<${ref}>`;
  const getAtt = (value as { 'Fn::GetAtt'?: string[] })['Fn::GetAtt'];
  if (getAtt) return `<${getAtt.join('.')}>`;
  return JSON.stringify(value);
}

const ofType = (resources: [string, Resource][], type: string) =>
  resources.filter(([, resource]) => resource.Type === type);
const idOf = (resources: [string, Resource][], type: string, pattern: RegExp) => {
  const found = ofType(resources, type).find(([id]) => pattern.test(id));
  if (!found) throw new Error(`no ${type} ${pattern}`);
  return found[0];
};
const byId = (resources: [string, Resource][], id: string): Resource => {
  const found = resources.find(([candidate]) => candidate === id);
  if (!found) throw new Error(`no resource ${id}`);
  return found[1];
};
const statementsOfRole = (resources: [string, Resource][], roleId: string): Statement[] =>
  ofType(resources, 'AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
const logGroupPrefix = 'sns/<AWS::Region>/<AWS::AccountId>/app';

let resources: [string, Resource][];
let roleId: string;
beforeAll(async () => {
  // The synth runs AwsSolutionsChecks and throws on any finding not acknowledged next to its resource.
  resources = await synth('pushstatus', CREDENTIALS);
  roleId = idOf(resources, 'AWS::IAM::Role', /^ChannelsPushDeliveryStatusRole/);
}, 120_000);

describe('SNS delivery status logging of the push applications', () => {
  test('the applications name the role SNS logs with, for successes and failures, and log every success', () => {
    // Act
    const applications = ofType(resources, 'Custom::SnsPlatformApplication').map(([, resource]) => ({
      success: text(resource.Properties.SuccessFeedbackRoleArn),
      failure: text(resource.Properties.FailureFeedbackRoleArn),
      rate: resource.Properties.SuccessFeedbackSampleRate,
    }));

    // Assess
    const role = `<${roleId}.Arn>`;
    expect(applications).toEqual([
      { success: role, failure: role, rate: '100' },
      { success: role, failure: role, rate: '100' },
    ]);
  });

  test('SNS alone assumes the role, which may write only the log groups of the two applications', () => {
    // Prepare
    const role = byId(resources, roleId);
    const groups = ofType(resources, 'AWS::Logs::LogGroup')
      .filter(([, group]) => text(group.Properties.LogGroupName).startsWith('sns/'))
      .map(([id]) => `<${id}.Arn>`);

    // Act
    const statements = statementsOfRole(resources, roleId);

    // Assess
    expect((role.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' } },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(groups).toHaveLength(4);
    expect(
      statements.map((statement) => ({
        Action: statement.Action,
        Resource: [statement.Resource].flat().map(text),
      })),
    ).toEqual([
      {
        Action: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'logs:PutMetricFilter',
          'logs:PutRetentionPolicy',
        ],
        Resource: groups.slice(0, 2),
      },
      {
        Action: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'logs:PutMetricFilter',
          'logs:PutRetentionPolicy',
        ],
        Resource: groups.slice(2),
      },
    ]);
  });

  test('the custom resource may pass that role to SNS, and no other', () => {
    // Prepare
    const onEventRole = idOf(resources, 'AWS::IAM::Role', /^ChannelsPushApplicationsRole/);

    // Act
    const passing = statementsOfRole(resources, onEventRole).filter(
      (statement) => statement.Action === 'iam:PassRole',
    );

    // Assess
    expect(
      passing.map((statement) => ({ Resource: text(statement.Resource), Condition: statement.Condition })),
    ).toEqual([
      {
        Resource: `<${roleId}.Arn>`,
        Condition: { StringEquals: { 'iam:PassedToService': 'sns.amazonaws.com' } },
      },
    ]);
  });

  test('the stack makes the log groups SNS writes to, kept a week, each sent whole to push-feedback', () => {
    // Prepare
    const feedback = idOf(resources, 'AWS::Lambda::Function', /^Functionspushfeedback[0-9A-F]{8}$/);

    // Act
    const groups = ofType(resources, 'AWS::Logs::LogGroup')
      .filter(([, group]) => text(group.Properties.LogGroupName).startsWith('sns/'))
      .map(([id, group]) => ({
        id,
        name: text(group.Properties.LogGroupName),
        days: group.Properties.RetentionInDays,
      }));
    const filters = ofType(resources, 'AWS::Logs::SubscriptionFilter').map(([, filter]) => ({
      group: text(filter.Properties.LogGroupName),
      destination: text(filter.Properties.DestinationArn),
      pattern: filter.Properties.FilterPattern,
    }));

    // Assess
    expect(groups.map(({ name, days }) => [name, days])).toEqual([
      [`${logGroupPrefix}/APNS/journeys-pushstatus-apns`, 7],
      [`${logGroupPrefix}/APNS/journeys-pushstatus-apns/Failure`, 7],
      [`${logGroupPrefix}/GCM/journeys-pushstatus-fcm`, 7],
      [`${logGroupPrefix}/GCM/journeys-pushstatus-fcm/Failure`, 7],
    ]);
    expect(filters).toEqual(
      groups.map(({ id }) => ({ group: `<${id}>`, destination: `<${feedback}.Arn>`, pattern: '' })),
    );
  });

  test('push-feedback reads the state table and ingests as the events API does, may retire endpoints, and fails to the dead-letter queue', () => {
    // Prepare
    const feedback = idOf(resources, 'AWS::Lambda::Function', /^Functionspushfeedback[0-9A-F]{8}$/);
    const role = (byId(resources, feedback).Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];

    // Act
    const actions = statementsOfRole(resources, role).flatMap((statement) => [statement.Action].flat());
    const [, invokeConfig] =
      ofType(resources, 'AWS::Lambda::EventInvokeConfig').find(
        ([, config]) => text(config.Properties.FunctionName) === `<${feedback}>`,
      ) ?? [];
    const permissions = ofType(resources, 'AWS::Lambda::Permission').filter(
      ([, permission]) => text(permission.Properties.FunctionName) === `<${feedback}.Arn>`,
    );

    // Assess
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem']));
    // A token refused for good is unregistered: its endpoint read, and deleted while disabled.
    const sns = statementsOfRole(resources, role).filter((statement) =>
      [statement.Action].flat().some((action) => /^sns:/.test(action)),
    );
    expect(
      sns.map((statement) => ({ Action: statement.Action, Resource: [statement.Resource].flat().map(text) })),
    ).toEqual([
      {
        Action: ['sns:GetEndpointAttributes', 'sns:DeleteEndpoint'],
        Resource: ['APNS', 'GCM'].map(
          (platform) =>
            `arn:<AWS::Partition>:sns:<AWS::Region>:<AWS::AccountId>:endpoint/${platform}/journeys-pushstatus-${platform === 'GCM' ? 'fcm' : 'apns'}/*`,
        ),
      },
    ]);
    expect(actions.filter((action) => /^(logs|iam):/.test(action))).toEqual([]);
    expect(invokeConfig?.Properties).toMatchObject({ MaximumRetryAttempts: 2 });
    expect(permissions.map(([, permission]) => permission.Properties.Principal)).toEqual(
      Array(4).fill('logs.amazonaws.com'),
    );
  });

  test('an application given by ARN gets its log groups too, named from its ARN; its attributes stay as they are', async () => {
    // Act
    const mixed = await synth('pushstatusmixed', {
      pushApnsApplicationArn: 'arn:aws:sns:us-east-1:111122223333:app/APNS_SANDBOX/shop-dev',
      pushFcmCredentialsSecretArn: CREDENTIALS.pushFcmCredentialsSecretArn,
    });

    // Assess
    const names = ofType(mixed, 'AWS::Logs::LogGroup')
      .map(([, group]) => text(group.Properties.LogGroupName))
      .filter((name) => name.startsWith('sns/'));
    expect(names).toEqual([
      'sns/us-east-1/111122223333/app/APNS_SANDBOX/shop-dev',
      'sns/us-east-1/111122223333/app/APNS_SANDBOX/shop-dev/Failure',
      `${logGroupPrefix}/GCM/journeys-pushstatusmixed-fcm`,
      `${logGroupPrefix}/GCM/journeys-pushstatusmixed-fcm/Failure`,
    ]);
    const made = ofType(mixed, 'Custom::SnsPlatformApplication').map(([, resource]) => resource.Properties);
    expect(made).toMatchObject([{ Platform: 'GCM', SuccessFeedbackSampleRate: '100' }]);
  });

  test('without push, the stack has no such role, log group or subscription', async () => {
    // Act
    const none = await synth('pushstatusnone', {});

    // Assess
    expect(ofType(none, 'AWS::Logs::SubscriptionFilter')).toEqual([]);
    expect(ofType(none, 'AWS::IAM::Role').filter(([id]) => /PushDeliveryStatus/.test(id))).toEqual([]);
  });
});
