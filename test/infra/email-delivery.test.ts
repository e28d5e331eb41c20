import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, test } from 'vitest';
import { FUNCTION_NAMES } from '../../functions/function-table.ts';
import { buildApp } from '../../infra/app.ts';
import { SES_EVENT_TYPES } from '../../infra/constructs/email-delivery.ts';
import { functionId, ofType, type Resource, statementsWith } from '../support/infra.ts';

const EMAIL_FROM = 'Shop <news@shop.example>';

async function synth(stage: string, context: Record<string, string> = {}) {
  // Bundling skipped: only the template is read here.
  const app = await buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], stage, ...context } }));
  const stack = app.synth().getStackByName(`Journeys-${stage}`);
  const template = Template.fromJSON(stack.template);
  return { template, resources: template.toJSON().Resources as Record<string, Resource>, stack };
}

let sending: Awaited<ReturnType<typeof synth>>;
beforeAll(async () => {
  sending = await synth('mail', { emailFrom: EMAIL_FROM });
}, 60_000);

const environmentOf = (resources: Record<string, Resource>, name: string) =>
  (
    (resources[functionId(resources, name)] as Resource).Properties.Environment as {
      Variables: Record<string, unknown>;
    }
  ).Variables;

describe('email delivery', () => {
  test('a configuration set, TLS required, publishes every email event to the default EventBridge bus', () => {
    sending.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'journeys-mail',
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
    const [destination] = ofType(sending.resources, 'AWS::SES::ConfigurationSetEventDestination');
    const properties = destination?.[1].Properties.EventDestination as Record<string, unknown>;
    expect([...(properties.MatchingEventTypes as string[])].sort()).toEqual(
      ['bounce', 'click', 'complaint', 'delivery', 'open', 'reject', 'send'].sort(),
    );
    expect(JSON.stringify(properties.EventBridgeDestination)).toContain(':event-bus/default');
  });

  test('a rule takes the SES events of that configuration set to the email feedback function', () => {
    // Prepare
    const rules = ofType(sending.resources, 'AWS::Events::Rule').filter(([, rule]) =>
      JSON.stringify(rule.Properties.EventPattern).includes('aws.ses'),
    );

    // Assess
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.[1].Properties as { EventPattern: unknown; Targets?: { Arn: unknown }[] };
    expect(rule.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': [...SES_EVENT_TYPES],
      detail: { mail: { tags: { 'ses:configuration-set': ['journeys-mail'] } } },
    });
    if ((FUNCTION_NAMES as readonly string[]).includes('email-feedback')) {
      expect(JSON.stringify(rule.Targets?.map((target) => target.Arn))).toContain(
        functionId(sending.resources, 'email-feedback'),
      );
    } else {
      // Until functions/email-feedback/ exists, the rule is in place without a target.
      expect(rule.Targets ?? []).toEqual([]);
    }
  });

  test('only the send step and the ticker may send, only from the identity and with the configuration set', () => {
    // Act
    const ses = statementsWith(sending.resources, /^ses:/);

    // Assess
    expect(Object.keys(ses).sort()).toEqual(['send', 'start-cohorts']);
    for (const statements of Object.values(ses)) {
      expect(statements).toHaveLength(1);
      expect([statements[0]?.Action].flat().sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      const resources = JSON.stringify(statements[0]?.Resource);
      expect(resources).toContain(':identity/news@shop.example');
      expect(resources).toContain(':identity/shop.example');
      expect(resources).toContain(':configuration-set/journeys-mail');
      expect(resources).not.toContain('*');
      expect(statements[0]?.Resource).toHaveLength(3);
    }
    expect(environmentOf(sending.resources, 'send')).toMatchObject({
      EMAIL_FROM_ADDRESS: EMAIL_FROM,
      SES_CONFIGURATION_SET: 'journeys-mail',
    });
  });

  test('an identity ARN from the context is the one resource sent from, and reaches the senders', async () => {
    // Prepare
    const identity = 'arn:aws:ses:eu-west-1:111122223333:identity/shop.example';

    // Act
    const { resources } = await synth('mailarn', { emailFrom: EMAIL_FROM, emailIdentityArn: identity });

    // Assess
    const [statement] = statementsWith(resources, /^ses:/).send ?? [];
    expect(JSON.stringify(statement?.Resource)).toContain(identity);
    expect(JSON.stringify(statement?.Resource)).not.toContain(':identity/news@shop.example');
    expect(environmentOf(resources, 'start-cohorts')).toMatchObject({ EMAIL_FROM_IDENTITY_ARN: identity });
  });

  test('without a sender in the context no function may send, email stays in the outbox, and the synth warns', async () => {
    // Act
    const { resources, stack } = await synth('nomail');

    // Assess
    expect(statementsWith(resources, /^ses:/)).toEqual({});
    expect(environmentOf(resources, 'send').EMAIL_FROM_ADDRESS).toBeUndefined();
    expect(JSON.stringify(stack.messages)).toContain('-c emailFrom=');
  });

  test('a sender that is not an address is refused, naming the option', async () => {
    await expect(synth('badmail', { emailFrom: 'Shop <not an address>' })).rejects.toThrow(
      /emailFrom[\s\S]*expected a verified sender/,
    );
  });

  test("-c emailMaxPerSecond and the other channels' rates pace every function that sends; a rate below 1 is refused", async () => {
    // Act
    const { resources } = await synth('paced', {
      emailFrom: EMAIL_FROM,
      emailMaxPerSecond: '14',
      smsMaxPerSecond: '20',
      pushMaxPerSecond: '1000',
      webhookMaxPerSecond: '50',
    });

    // Assess
    expect(environmentOf(resources, 'send')).toMatchObject({
      EMAIL_MAX_PER_SECOND: '14',
      SMS_MAX_PER_SECOND: '20',
      PUSH_MAX_PER_SECOND: '1000',
      WEBHOOK_MAX_PER_SECOND: '50',
    });
    expect(environmentOf(resources, 'start-cohorts').EMAIL_MAX_PER_SECOND).toBe('14');
    expect(environmentOf(sending.resources, 'send').EMAIL_MAX_PER_SECOND).toBeUndefined();
    await expect(synth('badrate', { emailMaxPerSecond: '0' })).rejects.toThrow(
      /emailMaxPerSecond[\s\S]*expected at least 1 email per second/,
    );
    await expect(synth('badsms', { smsMaxPerSecond: 'fast' })).rejects.toThrow(
      /smsMaxPerSecond[\s\S]*expected a number of SMS messages per second/,
    );
  });

  test('passes the cdk-nag checks with a sender configured', async () => {
    const app = await buildApp(
      new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'mailnag', emailFrom: EMAIL_FROM } }),
    );
    expect(() => app.synth()).not.toThrow();
  });
});

describe('unsubscribe links', () => {
  test('the key is a secret Secrets Manager generates, that only the signers and the unsubscribe route may read', () => {
    // Prepare
    const secret = ofType(sending.resources, 'AWS::SecretsManager::Secret').find(([id]) =>
      id.startsWith('UnsubscribeLinksKey'),
    );

    // Act
    const readers = statementsWith(sending.resources, /^secretsmanager:GetSecretValue$/);
    const readersOfKey = Object.entries(readers).filter(([, statements]) =>
      JSON.stringify(statements).includes(`"${secret?.[0]}"`),
    );

    // Assess
    expect(secret?.[1].Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    expect(readersOfKey.map(([name]) => name).sort()).toEqual(['send', 'start-cohorts', 'unsubscribe']);
    for (const name of ['send', 'start-cohorts', 'unsubscribe'])
      expect(environmentOf(sending.resources, name).UNSUBSCRIBE_SECRET_ARN).toEqual({ Ref: secret?.[0] });
  });

  test('the signers point links at the events API, whose /unsubscribe takes GET and POST without IAM', () => {
    // Prepare
    const [api] = ofType(sending.resources, 'AWS::ApiGatewayV2::Api');

    // Assess
    expect(JSON.stringify(environmentOf(sending.resources, 'send').UNSUBSCRIBE_BASE_URL)).toContain(
      api?.[0] ?? '?',
    );
    for (const method of ['GET', 'POST'])
      sending.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${method} /unsubscribe`,
        AuthorizationType: 'NONE',
        Target: Match.anyValue(),
      });
    sending.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /events',
      AuthorizationType: 'AWS_IAM',
    });
  });
});
