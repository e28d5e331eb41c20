import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  SMS_DELIVERED_EVENT_TYPES,
  SMS_FAILED_EVENT_TYPES,
} from '../../functions/sms-feedback/sms-feedback-events.ts';
import { buildApp } from '../../infra/app.ts';
import { SMS_EVENT_TYPES } from '../../infra/constructs/sms-delivery.ts';
import { statementsWith } from '../support/infra.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

const CHANNELS = {
  smsOriginationIdentityArn: 'arn:aws:sms-voice:us-east-1:111122223333:pool/pool-1a2b3c4d',
  pushApnsApplicationArn: 'arn:aws:sns:us-east-1:111122223333:app/APNS/shop',
  pushFcmApplicationArn: 'arn:aws:sns:us-east-1:111122223333:app/GCM/shop',
};

async function synth(stage: string, context: Record<string, string> = {}) {
  // Bundling skipped: only the template is read here.
  const app = await buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], stage, ...context } }));
  const stack = app.synth().getStackByName(`Journeys-${stage}`);
  return { resources: stack.template.Resources as Record<string, Resource>, stack };
}

const ofType = (resources: Record<string, Resource>, type: string) =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);

let configured: Awaited<ReturnType<typeof synth>>;
beforeAll(async () => {
  configured = await synth('channels', CHANNELS);
}, 60_000);

describe('SMS, push, webhook and inbox delivery in AWS', () => {
  test('the SMS configuration set publishes receipts to an encrypted topic the feedback function hears', () => {
    // Act
    const [[, configurationSet] = []] = ofType(configured.resources, 'AWS::SMSVOICE::ConfigurationSet');
    const [[topicId, topic] = []] = ofType(configured.resources, 'AWS::SNS::Topic').filter(([id]) =>
      id.startsWith('ChannelsSms'),
    );

    // Assess
    expect(configurationSet?.Properties).toMatchObject({
      ConfigurationSetName: 'journeys-channels',
      EventDestinations: [
        {
          Enabled: true,
          MatchingEventTypes: [...SMS_EVENT_TYPES],
          SnsDestination: { TopicArn: { Ref: topicId } },
        },
      ],
    });
    expect(topic?.Properties.KmsMasterKeyId).toBeDefined();
    const subscriptions = ofType(configured.resources, 'AWS::SNS::Subscription');
    expect(subscriptions.some(([, sub]) => JSON.stringify(sub.Properties).includes(String(topicId)))).toBe(
      true,
    );
    expect(JSON.stringify(configured.stack.template.Outputs)).toContain('TwoWayTopicArn');
  });

  test('the configuration set publishes every status the feedback function counts', () => {
    expect([...SMS_EVENT_TYPES].sort()).toEqual(
      [...SMS_DELIVERED_EVENT_TYPES, ...SMS_FAILED_EVENT_TYPES].sort(),
    );
    expect(SMS_EVENT_TYPES).toContain('TEXT_PROTECT_BLOCKED');
  });

  test('only the send step and the ticker may send SMS, from the one identity with the configuration set', () => {
    const senders = statementsWith(configured.resources, /^sms-voice:/);
    expect(Object.keys(senders).sort()).toEqual(['send', 'start-cohorts']);
    for (const statements of Object.values(senders))
      expect(statements.map((statement) => statement.Resource)).toEqual([
        [
          CHANNELS.smsOriginationIdentityArn,
          {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':sms-voice:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':configuration-set/journeys-channels',
              ],
            ],
          },
        ],
      ]);
  });

  test("push publishes only to the applications' endpoints; only ingest creates endpoints", () => {
    // Applications given by ARN are used as they are: the stack makes none.
    expect(ofType(configured.resources, 'Custom::SnsPlatformApplication')).toEqual([]);
    const endpoints = [
      'arn:aws:sns:us-east-1:111122223333:endpoint/APNS/shop/*',
      'arn:aws:sns:us-east-1:111122223333:endpoint/GCM/shop/*',
    ];
    const publishers = statementsWith(configured.resources, /^sns:Publish$/);
    const creators = statementsWith(configured.resources, /^sns:CreatePlatformEndpoint$/);
    expect(Object.keys(publishers).sort()).toEqual(['send', 'start-cohorts']);
    for (const statements of Object.values(publishers))
      expect(statements.map((statement) => statement.Resource)).toEqual([endpoints]);
    expect(Object.keys(creators)).toEqual(['ingest-events']);
    expect(creators['ingest-events']?.[0]?.Resource).toEqual([
      CHANNELS.pushApnsApplicationArn,
      CHANNELS.pushFcmApplicationArn,
    ]);
  });

  test('the webhook signing secret is generated and read by the senders alone', () => {
    const [[secretId] = []] = ofType(configured.resources, 'AWS::SecretsManager::Secret').filter(([id]) =>
      id.startsWith('ChannelsWebhooks'),
    );
    const readers = Object.entries(statementsWith(configured.resources, /^secretsmanager:GetSecretValue$/))
      .filter(([, statements]) => JSON.stringify(statements).includes(`"${secretId}"`))
      .map(([name]) => name);
    expect(readers.sort()).toEqual(['send', 'start-cohorts']);
  });

  test('the inbox routes sit behind IAM on the events API', () => {
    const routes = ofType(configured.resources, 'AWS::ApiGatewayV2::Route').map(
      ([, route]) => route.Properties,
    );
    for (const key of ['GET /customers/{id}/inbox', 'POST /customers/{id}/inbox/{message}/read'])
      expect(routes.find((route) => route.RouteKey === key)?.AuthorizationType).toBe('AWS_IAM');
  });

  test('a stage without SMS or push configured grants neither, and says how to configure them', async () => {
    const { resources, stack } = await synth('nochannels');
    expect(statementsWith(resources, /^(sms-voice|sns):(Send|Publish|Create)/)).toEqual({});
    const messages = JSON.stringify(stack.messages);
    expect(messages).toContain('-c smsOriginationIdentityArn=');
    expect(messages).toContain('-c pushApnsApplicationArn=');
    expect(messages).toContain('-c pushFcmCredentialsSecretArn=');
  });

  test('an origination identity that is not an SMS ARN is refused, naming the option', async () => {
    await expect(synth('badsms', { smsOriginationIdentityArn: '+15555550100' })).rejects.toThrow(
      /smsOriginationIdentityArn[\s\S]*expected the ARN of an End User Messaging SMS/,
    );
  });

  test('passes the cdk-nag checks with every channel configured', async () => {
    const app = await buildApp(
      new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'channelnag', ...CHANNELS } }),
    );
    expect(() => app.synth()).not.toThrow();
  });
});
