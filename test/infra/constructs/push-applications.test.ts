import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEPLOY_FUNCTIONS } from '../../../functions/function-table.ts';
import { buildApp } from '../../../infra/app.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
type Statement = { Action: string | string[]; Resource: unknown };

const SECRETS = {
  apns: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:journeys/apns-AbCdEf',
  fcm: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:journeys/fcm-GhIjKl',
};
const CREDENTIALS = {
  smsOriginationIdentityArn: 'arn:aws:sms-voice:us-east-1:111122223333:pool/pool-1a2b3c4d',
  pushApnsCredentialsSecretArn: SECRETS.apns,
  pushApnsKeyId: 'ABC123DEFG',
  pushApnsTeamId: 'TEAM123456',
  pushApnsBundleId: 'com.example.shop',
  pushFcmCredentialsSecretArn: SECRETS.fcm,
};

async function synth(stage: string, context: Record<string, string>) {
  // Bundling skipped: only the template is read here. The synth runs cdk-nag and throws on a finding.
  const app = await buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], stage, ...context } }));
  const stack = app.synth().getStackByName(`Journeys-${stage}`);
  return Object.entries(stack.template.Resources as Record<string, Resource>);
}

/** An ARN as the template builds it, with each Ref written "<AWS::Region>". */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(text).join(join[0]);
  const ref = (value as { Ref?: string }).Ref;
  if (ref) return `<${ref}>`;
  return JSON.stringify(value);
}

const app = (platform: string, stage: string) =>
  `arn:<AWS::Partition>:sns:<AWS::Region>:<AWS::AccountId>:app/${platform}/journeys-${stage}-${platform === 'GCM' ? 'fcm' : 'apns'}`;
const endpoints = (application: string) => `${application.replace(':app/', ':endpoint/')}/*`;

let resources: [string, Resource][];
beforeAll(async () => {
  resources = await synth('pushapps', CREDENTIALS);
}, 60_000);

const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type);
const functionNamed = (pattern: RegExp, among = resources) => {
  const found = among.find(([id, resource]) => resource.Type === 'AWS::Lambda::Function' && pattern.test(id));
  if (!found) throw new Error(`no function ${pattern}`);
  return found;
};
const variablesOf = (fn: Resource) =>
  (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
/** The statements of a function's role whose actions match. */
function statementsOf(fn: Resource, action: RegExp): Statement[] {
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((statement) => [statement.Action].flat().some((name) => action.test(name)));
}

describe('SNS platform applications made from credentials in Secrets Manager', () => {
  test('pass the cdk-nag checks with every channel configured, each remaining finding acknowledged', async () => {
    // The synth runs AwsSolutionsChecks and throws on any finding not acknowledged next to its resource.
    await expect(synth('pushnag', CREDENTIALS)).resolves.toBeDefined();
  });

  test('one custom resource per platform, with fixed names and the secrets by ARN only', () => {
    const applications = ofType('Custom::SnsPlatformApplication').map(([, resource]) => {
      // The delivery status logging properties are checked in push-delivery-status.test.ts.
      const {
        ServiceToken: _token,
        SuccessFeedbackRoleArn: _success,
        FailureFeedbackRoleArn: _failure,
        SuccessFeedbackSampleRate: _rate,
        ...properties
      } = resource.Properties;
      return properties;
    });

    expect(applications).toEqual([
      {
        Platform: 'APNS',
        Name: 'journeys-pushapps-apns',
        CredentialsSecretArn: SECRETS.apns,
        KeyId: 'ABC123DEFG',
        TeamId: 'TEAM123456',
        BundleId: 'com.example.shop',
      },
      { Platform: 'GCM', Name: 'journeys-pushapps-fcm', CredentialsSecretArn: SECRETS.fcm },
    ]);
  });

  test('their function may read those two secrets and manage those two applications, and nothing else', () => {
    // Prepare
    const [, onEvent] = functionNamed(/^ChannelsPushApplicationsOnEvent/);
    const roleId = (onEvent.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const [, role] = resources.find(([id]) => id === roleId) ?? [];

    // Act
    const statements = statementsOf(onEvent, /./).map((statement) => ({
      Action: statement.Action,
      Resource: [statement.Resource].flat().map(text),
    }));

    // Assess
    expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
    expect(statements).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [
          expect.stringMatching(/^\{"Fn::GetAtt":\["ChannelsPushApplicationsLogs[0-9A-F]{8}","Arn"\]\}$/),
        ],
      },
      {
        Action: [
          'sns:CreatePlatformApplication',
          'sns:SetPlatformApplicationAttributes',
          'sns:DeletePlatformApplication',
        ],
        Resource: [app('APNS', 'pushapps'), app('GCM', 'pushapps')],
      },
      { Action: 'secretsmanager:GetSecretValue', Resource: [SECRETS.apns, SECRETS.fcm] },
      {
        Action: 'iam:PassRole',
        Resource: [
          expect.stringMatching(/^\{"Fn::GetAtt":\["ChannelsPushDeliveryStatusRole[0-9A-F]{8}","Arn"\]\}$/),
        ],
      },
    ]);
    expect(onEvent.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      MemorySize: DEPLOY_FUNCTIONS['push-applications'].memoryMb,
      Timeout: DEPLOY_FUNCTIONS['push-applications'].timeoutSeconds,
    });
  });

  test("senders publish only to those applications' endpoints, and ingest registers devices in them", () => {
    // Prepare
    const apps = [app('APNS', 'pushapps'), app('GCM', 'pushapps')];
    const [, send] = functionNamed(/^Functionssend[0-9A-F]{8}$/);
    const [, ingest] = functionNamed(/^Functionsingestevents[0-9A-F]{8}$/);
    const resourcesOf = (fn: Resource, action: RegExp) =>
      statementsOf(fn, action).map((statement) => [statement.Resource].flat().map(text));

    // Act / Assess
    expect(resourcesOf(send, /^sns:Publish$/)).toEqual([apps.map(endpoints)]);
    expect(resourcesOf(ingest, /^sns:CreatePlatformEndpoint$/)).toEqual([apps]);
    expect(resourcesOf(ingest, /^sns:DeleteEndpoint$/)).toEqual([apps.map(endpoints)]);
    const variables = variablesOf(send);
    expect(text(variables.PUSH_APNS_APPLICATION_ARN)).toBe(apps[0]);
    expect(text(variables.PUSH_FCM_APPLICATION_ARN)).toBe(apps[1]);
  });

  test('the functions that push are deployed after the applications exist', () => {
    const [, send] = functionNamed(/^Functionssend[0-9A-F]{8}$/);
    const applications = ofType('Custom::SnsPlatformApplication').map(([id]) => id);

    expect(send.DependsOn).toEqual(expect.arrayContaining(applications));
  });

  test('an application given by ARN is used as it is, beside one the stack makes (cdk-nag clean)', async () => {
    // Act
    const mixed = await synth('pushmixed', {
      pushApnsApplicationArn: 'arn:aws:sns:us-east-1:111122223333:app/APNS_SANDBOX/shop-dev',
      pushFcmCredentialsSecretArn: SECRETS.fcm,
    });

    // Assess
    const made = mixed.filter(([, resource]) => resource.Type === 'Custom::SnsPlatformApplication');
    expect(made.map(([, resource]) => resource.Properties.Platform)).toEqual(['GCM']);
    const variables = variablesOf(functionNamed(/^Functionssend[0-9A-F]{8}$/, mixed)[1]);
    expect(variables.PUSH_APNS_APPLICATION_ARN).toBe(
      'arn:aws:sns:us-east-1:111122223333:app/APNS_SANDBOX/shop-dev',
    );
    expect(text(variables.PUSH_FCM_APPLICATION_ARN)).toBe(app('GCM', 'pushmixed'));
  });

  test('the sandbox environment makes an APNS_SANDBOX application, for development builds', async () => {
    const sandbox = await synth('pushsandbox', { ...CREDENTIALS, pushApnsEnvironment: 'sandbox' });

    const platforms = sandbox
      .filter(([, resource]) => resource.Type === 'Custom::SnsPlatformApplication')
      .map(([, resource]) => resource.Properties.Platform);
    expect(platforms).toEqual(['APNS_SANDBOX', 'GCM']);
  });

  test.each([
    [
      {
        pushFcmApplicationArn: 'arn:aws:sns:us-east-1:111122223333:app/GCM/shop',
        pushFcmCredentialsSecretArn: SECRETS.fcm,
      },
      /pushFcmCredentialsSecretArn[\s\S]*expected either pushFcmApplicationArn \(an application you made\) or pushFcmCredentialsSecretArn/,
    ],
    [
      {
        pushApnsCredentialsSecretArn: SECRETS.apns,
        pushApnsTeamId: 'TEAM123456',
        pushApnsBundleId: 'com.example.shop',
      },
      /pushApnsKeyId[\s\S]*required with pushApnsCredentialsSecretArn/,
    ],
    [{ pushApnsTeamId: 'TEAM123456' }, /pushApnsTeamId[\s\S]*used only with pushApnsCredentialsSecretArn/],
    [
      { pushFcmCredentialsSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:journeys/fcm' },
      /pushFcmCredentialsSecretArn[\s\S]*expected the complete ARN of a Secrets Manager secret/,
    ],
  ])('context that cannot make an application is refused, naming the key (%o)', async (context, message) => {
    await expect(synth('pushbad', context)).rejects.toThrow(message);
  });
});
