import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, test } from 'vitest';
import { INGESTING_FUNCTIONS } from '../../functions/function-table.ts';
import { buildApp } from '../../infra/app.ts';
import { functionId, ofType, type Resource, type Statement, statementsWith } from '../support/infra.ts';

const PUSH = {
  pushApnsApplicationArn: 'arn:aws:sns:us-east-1:111122223333:app/APNS/shop',
  pushFcmApplicationArn: 'arn:aws:sns:us-east-1:111122223333:app/GCM/shop',
};

/** A stage's template; buildApp runs cdk-nag's AwsSolutions checks, so synth throws on an unacknowledged finding. */
async function synth(stage: string, context: Record<string, string> = {}) {
  // Bundling skipped: only the template is read here.
  const app = await buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], stage, ...context } }));
  return app.synth().getStackByName(`Journeys-${stage}`).template as {
    Resources: Record<string, Resource & { DeletionPolicy?: string }>;
  };
}

let withPush: Awaited<ReturnType<typeof synth>>;
let withoutPush: Awaited<ReturnType<typeof synth>>;
beforeAll(async () => {
  [withPush, withoutPush] = await Promise.all([synth('rights', PUSH), synth('plain')]);
}, 120_000);

/** The DynamoDB actions of a function, by table. */
function tableActions(resources: Record<string, Resource>, name: string): Record<string, string[]> {
  const byTable: Record<string, string[]> = {};
  for (const statement of statementsWith(resources, /^dynamodb:/)[name] ?? []) {
    const table = JSON.stringify(statement.Resource).match(/Tables(customers|events|state|outbox)/i)?.[1];
    if (table)
      byTable[table.toLowerCase()] = [...(byTable[table.toLowerCase()] ?? []), ...[statement.Action].flat()];
  }
  return Object.fromEntries(
    Object.entries(byTable).map(([table, actions]) => [table, [...new Set(actions)].sort()]),
  );
}

function environmentOf(resources: Record<string, Resource>, name: string): Record<string, unknown> {
  const fn = resources[functionId(resources, name)] as Resource;
  return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

describe('customer rights in AWS', () => {
  test('DELETE /customers/{id} and GET /customers/{id}/export are IAM-authorized routes to the customer-rights function', () => {
    // Act
    const routes = ofType(withPush.Resources, 'AWS::ApiGatewayV2::Route').filter(([, route]) =>
      String(route.Properties.RouteKey).match(
        /^(DELETE \/customers\/\{id\}|GET \/customers\/\{id\}\/export)$/,
      ),
    );

    // Assess
    expect(routes.map(([, route]) => route.Properties.RouteKey).sort()).toEqual([
      'DELETE /customers/{id}',
      'GET /customers/{id}/export',
    ]);
    const fn = functionId(withPush.Resources, 'customer-rights');
    for (const [, route] of routes) {
      expect(route.Properties.AuthorizationType).toBe('AWS_IAM');
      const target = JSON.stringify(route.Properties.Target).match(/"(EventsApi\w+)"/)?.[1] ?? '';
      expect(JSON.stringify(withPush.Resources[target]?.Properties.IntegrationUri)).toContain(fn);
    }
  });

  test('the function reads by key and deletes, table by table, and never scans', () => {
    // Act
    const actions = tableActions(withPush.Resources, 'customer-rights');

    // Assess
    expect(actions).toEqual({
      customers: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem'],
      events: ['dynamodb:BatchWriteItem', 'dynamodb:Query'],
      state: [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ],
      outbox: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
    });
    expect(
      JSON.stringify(statementsWith(withPush.Resources, /^dynamodb:Scan$/)['customer-rights'] ?? []),
    ).toBe('[]');
  });

  test('the pseudonym key is a retained secret named after the stage, read by the erasure, the import and the ingesting functions only', () => {
    // Act
    const [[keyId, key] = []] = ofType(withPush.Resources, 'AWS::SecretsManager::Secret').filter(([id]) =>
      id.startsWith('CustomerRightsPseudonymKey'),
    );
    const readers = Object.keys(statementsWith(withPush.Resources, /^secretsmanager:GetSecretValue$/)).filter(
      (name) =>
        (statementsWith(withPush.Resources, /^secretsmanager:GetSecretValue$/)[name] ?? []).some(
          (statement: Statement) => JSON.stringify(statement.Resource).includes(String(keyId)),
        ),
    );

    // Assess
    expect(key?.Properties.Name).toBe('journeys-rights-pseudonym-key');
    expect((key as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    expect(readers.sort()).toEqual(['customer-rights', 'import-customers', ...INGESTING_FUNCTIONS].sort());
    for (const name of readers)
      expect(JSON.stringify(environmentOf(withPush.Resources, name).PSEUDONYM_SECRET_ARN)).toContain(
        String(keyId),
      );
  });

  test("with push, it may read and delete the applications' endpoints, and make or publish to none", () => {
    // Act
    const sns = statementsWith(withPush.Resources, /^sns:/)['customer-rights'] ?? [];

    // Assess
    expect(sns.flatMap((statement) => [statement.Action].flat()).sort()).toEqual([
      'sns:DeleteEndpoint',
      'sns:GetEndpointAttributes',
    ]);
    expect(sns.flatMap((statement) => [statement.Resource].flat())).toEqual([
      'arn:aws:sns:us-east-1:111122223333:endpoint/APNS/shop/*',
      'arn:aws:sns:us-east-1:111122223333:endpoint/GCM/shop/*',
    ]);
    expect(environmentOf(withPush.Resources, 'customer-rights')).toMatchObject({
      PUSH_APNS_APPLICATION_ARN: PUSH.pushApnsApplicationArn,
      PUSH_FCM_APPLICATION_ARN: PUSH.pushFcmApplicationArn,
    });
  });

  test('without push, it has no SNS permission at all', () => {
    expect(statementsWith(withoutPush.Resources, /^sns:/)['customer-rights']).toBeUndefined();
    expect(environmentOf(withoutPush.Resources, 'customer-rights').PUSH_FCM_APPLICATION_ARN).toBeUndefined();
  });
});
