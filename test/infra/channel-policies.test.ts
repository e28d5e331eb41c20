import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { functionId, ofType, type Resource, type Statement, statementsWith } from '../support/infra.ts';

// The IAM and resource policies of the channels: who may manage push endpoints, who may use the
// SMS topic's key and publish to it, and where the feedback functions' failed events end up.
const CHANNELS = {
  emailFrom: 'Shop <news@shop.example>',
  smsOriginationIdentityArn: 'arn:aws:sms-voice:us-east-1:111122223333:pool/pool-1a2b3c4d',
  pushApnsApplicationArn: 'arn:aws:sns:us-east-1:111122223333:app/APNS/shop',
  pushFcmApplicationArn: 'arn:aws:sns:us-east-1:111122223333:app/GCM/shop',
};
const ENDPOINTS = [
  'arn:aws:sns:us-east-1:111122223333:endpoint/APNS/shop/*',
  'arn:aws:sns:us-east-1:111122223333:endpoint/GCM/shop/*',
];

type PolicyStatement = Statement & {
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

let resources: Record<string, Resource>;
beforeAll(async () => {
  // Bundling skipped: only the template is read here.
  const app = await buildApp(
    new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'policies', ...CHANNELS } }),
  );
  resources = app.synth().getStackByName('Journeys-policies').template.Resources;
}, 60_000);

const actionsOf = (statement: Statement) => [statement.Action].flat().sort();
/** The statements of one resource policy that name `service` as their principal. */
const serviceStatements = (type: string, property: string, service: string): PolicyStatement[] =>
  ofType(resources, type)
    .flatMap(([, resource]) => (resource.Properties[property] as { Statement: PolicyStatement[] }).Statement)
    .filter((statement) => JSON.stringify(statement.Principal).includes(service));
/** "arn:aws:sms-voice:<region>:<account>:*", as the template joins it. */
const smsSourceArn = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':sms-voice:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':*',
    ],
  ],
};

describe('channel policies', () => {
  test('the senders may read and delete endpoints (a gone device), never change them; the registrar may', () => {
    // Act
    const managing = statementsWith(resources, /^sns:(Get|Set)EndpointAttributes$|^sns:DeleteEndpoint$/);

    // Assess
    for (const sender of ['send', 'start-cohorts'])
      expect(managing[sender]?.map((statement) => [actionsOf(statement), statement.Resource])).toEqual([
        [['sns:DeleteEndpoint', 'sns:GetEndpointAttributes'], ENDPOINTS],
      ]);
    expect(managing['ingest-events']?.map(actionsOf)).toEqual([
      ['sns:DeleteEndpoint', 'sns:GetEndpointAttributes', 'sns:SetEndpointAttributes'],
    ]);
  });

  test("the SMS topic's key serves End User Messaging SMS of this account and its resources alone", () => {
    // Act
    const statements = serviceStatements('AWS::KMS::Key', 'KeyPolicy', 'sms-voice.amazonaws.com');

    // Assess
    expect(statements).toHaveLength(1);
    expect(actionsOf(statements[0] as Statement)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(statements[0]?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': smsSourceArn },
    });
  });

  test('End User Messaging SMS may publish to the topic only for this account and its resources', () => {
    // Act
    const statements = serviceStatements(
      'AWS::SNS::TopicPolicy',
      'PolicyDocument',
      'sms-voice.amazonaws.com',
    );

    // Assess
    expect(statements.map((statement) => [actionsOf(statement), statement.Condition])).toEqual([
      [
        ['sns:Publish'],
        {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': smsSourceArn },
        },
      ],
    ]);
  });

  test.each(['sms-feedback', 'email-feedback'])(
    'an event %s keeps failing on goes to the dead-letter queue, not lost',
    (name) => {
      // Prepare: SNS and EventBridge invoke the function asynchronously; Lambda retries, then drops.
      const fn = functionId(resources, name);
      const [[queueId] = []] = ofType(resources, 'AWS::SQS::Queue').filter(([id]) =>
        id.startsWith('DeadLetters'),
      );

      // Act
      const configs = ofType(resources, 'AWS::Lambda::EventInvokeConfig').filter(([, config]) =>
        JSON.stringify(config.Properties.FunctionName).includes(`"${fn}"`),
      );

      // Assess
      expect(configs).toHaveLength(1);
      expect(configs[0]?.[1].Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
      const senders = statementsWith(resources, /^sqs:SendMessage$/);
      expect(JSON.stringify(senders[name])).toContain(`"${queueId}"`);
    },
  );
});
