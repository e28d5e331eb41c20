import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, test } from 'vitest';
import { IMPORT_BATCH_ROWS } from '../../functions/import-customers/import-request.ts';
import { buildApp } from '../../infra/app.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

let resources: Record<string, Resource>;
beforeAll(async () => {
  // Bundling skipped: only the template is read here.
  const app = await buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'imports' } }));
  resources = app.synth().getStackByName('Journeys-imports').template.Resources as Record<string, Resource>;
}, 60_000);

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const byId = (prefix: string, type?: string) => {
  const found = Object.entries(resources).find(
    ([id, resource]) => id.startsWith(prefix) && (type === undefined || resource.Type === type),
  );
  if (!found) throw new Error(`no resource whose id starts with ${prefix}`);
  return found;
};
function statementsOfRole(roleId: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

describe('customer imports in AWS', () => {
  test('the import bucket is encrypted, TLS only, private, logged, expires what it holds and tells EventBridge', () => {
    // Act
    const [bucketId, bucket] = byId('CustomerImportBucket', 'AWS::S3::Bucket');

    // Assess
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { DestinationBucketName: expect.anything() },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    const rules = (
      bucket.Properties.LifecycleConfiguration as { Rules: { Prefix?: string; ExpirationInDays?: number }[] }
    ).Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Prefix: 'imports/', ExpirationInDays: 30 }),
        expect.objectContaining({ Prefix: 'import-results/', ExpirationInDays: 30 }),
      ]),
    );
    const policy = ofType('AWS::S3::BucketPolicy').find(([, candidate]) =>
      JSON.stringify(candidate.Properties.Bucket).includes(bucketId),
    );
    expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    expect(ofType('Custom::S3BucketNotifications')).toEqual([]);
  });

  test('a .csv or .jsonl put under imports/ starts the import state machine', () => {
    // Act
    const [, rule] = byId('CustomerImportFileAdded', 'AWS::Events::Rule');

    // Assess
    expect(rule.Properties.EventPattern).toMatchObject({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { object: { key: [{ wildcard: 'imports/*.csv' }, { wildcard: 'imports/*.jsonl' }] } },
    });
    const [target] = rule.Properties.Targets as { Arn: unknown; Input: string; DeadLetterConfig: unknown }[];
    expect(JSON.stringify(target?.Arn)).toContain('CustomerImportStateMachine');
    expect(target?.Input ?? JSON.stringify(target)).toContain('$.detail.object.key');
    expect(target?.DeadLetterConfig).toBeDefined();
  });

  test('the state machine reads the mapping, then a Distributed Map reads the file and batches rows into the import function', () => {
    // Act
    const [, machine] = byId('CustomerImportStateMachine', 'AWS::StepFunctions::StateMachine');
    const definition = JSON.stringify(machine.Properties.DefinitionString);

    // Assess
    for (const expected of [
      ':states:::s3:getObject',
      '\\"InputType\\":\\"CSV\\"',
      '\\"CSVHeaderLocation\\":\\"FIRST_ROW\\"',
      '\\"InputType\\":\\"JSONL\\"',
      `\\"MaxItemsPerBatch\\":${IMPORT_BATCH_ROWS}`,
      '\\"index.$\\":\\"$$.Map.Item.Index\\"',
      '\\"source.$\\":\\"$.prepared.source\\"',
      '\\"Mode\\":\\"DISTRIBUTED\\"',
      '\\"ExecutionType\\":\\"EXPRESS\\"',
      ':states:::s3:putObject',
      '\\"Prefix\\":\\"import-results/\\"',
      '\\"action\\":\\"prepare\\"',
    ])
      expect(definition).toContain(expected);
    expect(machine.Properties).toMatchObject({ TracingConfiguration: { Enabled: true } });
  });

  test('the roles reach the import prefixes and the import function only', () => {
    // Prepare
    const [, machine] = byId('CustomerImportStateMachine', 'AWS::StepFunctions::StateMachine');
    const machineRole = (machine.Properties.RoleArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const [, fn] = byId('Functionsimportcustomers', 'AWS::Lambda::Function');
    const fnRole = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];

    // Act
    const s3 = (statements: Statement[]) =>
      statements
        .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('s3:')))
        .map((statement) => JSON.stringify(statement.Resource));
    const invoked = statementsOfRole(machineRole).filter((statement) =>
      [statement.Action].flat().includes('lambda:InvokeFunction'),
    );

    // Assess
    const machineS3 = s3(statementsOfRole(machineRole));
    expect(machineS3.length).toBeGreaterThan(0);
    for (const resource of machineS3) expect(resource).toMatch(/\/(imports|import-results)\/\*"/);
    const fnS3 = statementsOfRole(fnRole).filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('s3:')),
    );
    expect(s3(fnS3.filter((statement) => statement.Action === 's3:GetObject'))).toEqual([
      expect.stringMatching(/\/imports\/\*\.mapping\.yaml"/),
    ]);
    // A missing mapping is a 404 (no mapping: the field names), not a 403, and listing stays in imports/.
    const listing = fnS3.filter((statement) => statement.Action === 's3:ListBucket');
    expect(listing).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^CustomerImportBucket/), 'Arn'] },
        Condition: { StringLike: { 's3:prefix': 'imports/*' } },
      },
    ]);
    expect(fnS3).toHaveLength(2);
    expect(JSON.stringify(invoked.map((statement) => statement.Resource))).toMatch(
      /Functionsimportcustomers/i,
    );
    expect(JSON.stringify(invoked.map((statement) => statement.Resource))).not.toMatch(/Functionssend/i);
  });
});
