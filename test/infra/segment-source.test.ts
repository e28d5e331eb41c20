import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { functionId, ofType, type Resource, statementsWith } from '../support/infra.ts';

/** A stage's template; buildApp runs cdk-nag's AwsSolutions checks, so synth throws on an unacknowledged finding. */
async function synth(stage: string) {
  // Bundling skipped: only the template is read here.
  const app = await buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], stage } }));
  return app.synth().getStackByName(`Journeys-${stage}`).template as {
    Resources: Record<string, Resource & { DeletionPolicy?: string }>;
  };
}

let template: Awaited<ReturnType<typeof synth>>;
beforeAll(async () => {
  template = await synth('segment');
}, 120_000);

const routeKeys = ['POST /v1/batch', 'POST /v1/identify', 'POST /v1/track'];

describe("Segment's tracking API in AWS", () => {
  test('POST /v1/batch, /v1/track and /v1/identify go to the segment-events function behind the write key authorizer', () => {
    // Act
    const routes = ofType(template.Resources, 'AWS::ApiGatewayV2::Route').filter(([, route]) =>
      routeKeys.includes(String(route.Properties.RouteKey)),
    );
    const authorizers = ofType(template.Resources, 'AWS::ApiGatewayV2::Authorizer');

    // Assess
    expect(routes.map(([, route]) => route.Properties.RouteKey).sort()).toEqual(routeKeys);
    const custom = authorizers.filter(([, authorizer]) => authorizer.Properties.AuthorizerType === 'REQUEST');
    expect(custom).toHaveLength(1);
    const [authorizerId, authorizer] = custom[0] as [string, Resource];
    expect(authorizer.Properties).toMatchObject({
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      AuthorizerResultTtlInSeconds: 300,
      IdentitySource: ['$request.header.Authorization'],
    });
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(
      functionId(template.Resources, 'segment-authorizer'),
    );
    for (const [, route] of routes) {
      expect(route.Properties).toMatchObject({
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: authorizerId },
      });
      const integrationId = JSON.stringify(route.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
      const integration = template.Resources[integrationId];
      expect(JSON.stringify(integration?.Properties.IntegrationUri)).toContain(
        functionId(template.Resources, 'segment-events'),
      );
    }
  });

  test('the write key is a generated secret, kept on destroy, that only the authorizer may read', () => {
    // Act
    const secrets = ofType(template.Resources, 'AWS::SecretsManager::Secret').filter(([, secret]) =>
      String(secret.Properties.Name).endsWith('segment-write-key'),
    );
    const readers = statementsWith(template.Resources, /^secretsmanager:GetSecretValue$/);

    // Assess
    expect(secrets).toHaveLength(1);
    const [secretId, secret] = secrets[0] as [string, Resource & { DeletionPolicy?: string }];
    expect(secret.Properties.Name).toBe('journeys-segment-segment-write-key');
    expect(secret.DeletionPolicy).toBe('Retain');
    const readersOfKey = Object.entries(readers)
      .filter(([, statements]) => JSON.stringify(statements).includes(secretId))
      .map(([name]) => name);
    expect(readersOfKey).toEqual(['segment-authorizer']);
    const authorizerFn = template.Resources[functionId(template.Resources, 'segment-authorizer')] as Resource;
    expect(JSON.stringify(authorizerFn.Properties.Environment)).toContain(
      `"SEGMENT_WRITE_KEY_SECRET_ARN":{"Ref":"${secretId}"}`,
    );
  });

  test('the segment-events function writes what POST /events writes, and the authorizer no table at all', () => {
    // Act
    const dynamo = statementsWith(template.Resources, /^dynamodb:/);
    const tablesOf = (name: string) =>
      [
        ...new Set(
          (dynamo[name] ?? []).flatMap(
            (statement) =>
              JSON.stringify(statement.Resource).match(/Tables(customers|events|state|outbox)/gi) ?? [],
          ),
        ),
      ]
        .map((match) => match.replace(/^Tables/i, '').toLowerCase())
        .sort();

    // Assess
    expect(tablesOf('segment-events')).toEqual(tablesOf('ingest-events'));
    expect(dynamo['segment-authorizer']).toBeUndefined();
  });
});
