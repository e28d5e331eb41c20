import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import {
  CreatePlatformApplicationCommand,
  DeletePlatformApplicationCommand,
  SetPlatformApplicationAttributesCommand,
  SNSClient,
  SNSServiceException,
} from '@aws-sdk/client-sns';
import { describe, expect, test } from 'vitest';
import { readSecretText } from '../../../functions/push-applications/credentials-secret.ts';
import { onPlatformApplicationEvent } from '../../../functions/push-applications/push-applications.ts';
import {
  APNS_APP,
  APNS_SECRET_ARN,
  APNS_SIGNING_KEY,
  FCM_APP,
  FCM_SECRET_ARN,
  FCM_SECRET_TEXT,
  mockPushEdges,
  platformApplicationEvent,
  recordingLogger,
  SECRET_MARKER,
} from '../../support/push-applications.ts';

// Neither SNS nor Secrets Manager has a local runner: both edges are mocked, requests asserted exactly.
const { sns, secretsManager } = mockPushEdges();

const snsError = (name: string, message = `SNS said ${name}`) =>
  new SNSServiceException({ name, $fault: 'client', $metadata: {}, message });

const inputsOf = <T>(command: new (...args: never[]) => T) =>
  sns.commandCalls(command as never).map((call) => (call.args[0] as { input: unknown }).input);

function deps() {
  const logger = recordingLogger();
  return { logger, sns: new SNSClient({ region: 'us-east-1' }), readSecret: readSecretText };
}

function holdSecrets() {
  secretsManager
    .on(GetSecretValueCommand, { SecretId: APNS_SECRET_ARN })
    .resolves({ SecretString: APNS_SIGNING_KEY });
  secretsManager
    .on(GetSecretValueCommand, { SecretId: FCM_SECRET_ARN })
    .resolves({ SecretString: FCM_SECRET_TEXT });
}

const APNS_ATTRIBUTES = {
  PlatformCredential: APNS_SIGNING_KEY,
  PlatformPrincipal: 'XYZ987WVUT',
  ApplePlatformTeamID: 'TEAM123456',
  ApplePlatformBundleID: 'com.example.shop',
};

describe('the push applications custom resource', () => {
  test('a Create makes the FCM application from the service account JSON, read fresh from its secret', async () => {
    // Prepare
    holdSecrets();
    sns.on(CreatePlatformApplicationCommand).resolves({ PlatformApplicationArn: FCM_APP });
    const { logger, ...rest } = deps();

    // Act
    const response = await onPlatformApplicationEvent(platformApplicationEvent('create'), {
      logger,
      ...rest,
    });

    // Assess
    expect(response).toEqual({ PhysicalResourceId: FCM_APP, Data: { PlatformApplicationArn: FCM_APP } });
    expect(inputsOf(CreatePlatformApplicationCommand)).toEqual([
      { Name: 'journeys-staging-fcm', Platform: 'GCM', Attributes: { PlatformCredential: FCM_SECRET_TEXT } },
    ]);
    expect(secretsManager.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: FCM_SECRET_ARN },
    ]);
    expect(logger.lines.join('\n')).not.toContain(SECRET_MARKER);
  });

  test('a Create of an APNs application signs with the .p8 key, its id as principal, for one team and bundle', async () => {
    // Prepare
    holdSecrets();
    sns.on(CreatePlatformApplicationCommand).resolves({ PlatformApplicationArn: APNS_APP });
    const create = platformApplicationEvent('create');
    create.ResourceProperties = platformApplicationEvent('update').ResourceProperties;

    // Act
    const response = await onPlatformApplicationEvent(create, deps());

    // Assess
    expect(response.PhysicalResourceId).toBe(APNS_APP);
    expect(inputsOf(CreatePlatformApplicationCommand)).toEqual([
      { Name: 'journeys-staging-apns', Platform: 'APNS', Attributes: APNS_ATTRIBUTES },
    ]);
  });

  test('an Update of the same application sets its attributes from the secret as it is now', async () => {
    // Prepare: the key was rotated, with a new key id and a new revision.
    holdSecrets();
    sns.on(SetPlatformApplicationAttributesCommand).resolves({});
    const { logger, ...rest } = deps();

    // Act
    const response = await onPlatformApplicationEvent(platformApplicationEvent('update'), {
      logger,
      ...rest,
    });

    // Assess
    expect(response.PhysicalResourceId).toBe(APNS_APP);
    expect(inputsOf(SetPlatformApplicationAttributesCommand)).toEqual([
      { PlatformApplicationArn: APNS_APP, Attributes: APNS_ATTRIBUTES },
    ]);
    expect(inputsOf(CreatePlatformApplicationCommand)).toEqual([]);
    expect(logger.lines.join('\n')).not.toContain(SECRET_MARKER);
  });

  test('an Update from production to sandbox makes a new application, which CloudFormation swaps in', async () => {
    // Prepare
    holdSecrets();
    const sandboxApp = 'arn:aws:sns:us-east-1:111122223333:app/APNS_SANDBOX/journeys-staging-apns';
    sns.on(CreatePlatformApplicationCommand).resolves({ PlatformApplicationArn: sandboxApp });
    const event = platformApplicationEvent('update');
    event.ResourceProperties.Platform = 'APNS_SANDBOX';

    // Act
    const response = await onPlatformApplicationEvent(event, deps());

    // Assess: the old one is deleted by CloudFormation's own Delete, once the new id is in place.
    expect(response.PhysicalResourceId).toBe(sandboxApp);
    expect(inputsOf(CreatePlatformApplicationCommand)).toEqual([
      { Name: 'journeys-staging-apns', Platform: 'APNS_SANDBOX', Attributes: APNS_ATTRIBUTES },
    ]);
    expect(inputsOf(SetPlatformApplicationAttributesCommand)).toEqual([]);
    expect(inputsOf(DeletePlatformApplicationCommand)).toEqual([]);
  });

  test('an Update of an application deleted by hand makes it again under its name', async () => {
    holdSecrets();
    sns.on(SetPlatformApplicationAttributesCommand).rejects(snsError('NotFoundException'));
    sns.on(CreatePlatformApplicationCommand).resolves({ PlatformApplicationArn: APNS_APP });

    const response = await onPlatformApplicationEvent(platformApplicationEvent('update'), deps());

    expect(response.PhysicalResourceId).toBe(APNS_APP);
    expect(inputsOf(CreatePlatformApplicationCommand)).toHaveLength(1);
  });

  test('a Delete deletes the application, and reads no secret', async () => {
    // Prepare
    sns.on(DeletePlatformApplicationCommand).resolves({});

    // Act
    const response = await onPlatformApplicationEvent(platformApplicationEvent('delete'), deps());

    // Assess
    expect(response.PhysicalResourceId).toBe(FCM_APP);
    expect(inputsOf(DeletePlatformApplicationCommand)).toEqual([{ PlatformApplicationArn: FCM_APP }]);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toEqual([]);
  });

  test('a Delete of an application already gone succeeds', async () => {
    // Prepare
    sns.on(DeletePlatformApplicationCommand).rejects(snsError('NotFoundException'));
    const { logger, ...rest } = deps();

    // Act
    const response = await onPlatformApplicationEvent(platformApplicationEvent('delete'), {
      logger,
      ...rest,
    });

    // Assess
    expect(response.PhysicalResourceId).toBe(FCM_APP);
    expect(logger.lines.join('\n')).toContain('already gone');
  });

  test('a Delete whose physical id is no ARN calls nothing: no application was made', async () => {
    const event = platformApplicationEvent('delete');
    event.PhysicalResourceId = event.RequestId;

    await onPlatformApplicationEvent(event, deps());

    expect(inputsOf(DeletePlatformApplicationCommand)).toEqual([]);
  });

  test('a Delete that SNS refuses for another reason fails, so CloudFormation shows why', async () => {
    sns
      .on(DeletePlatformApplicationCommand)
      .rejects(snsError('AuthorizationErrorException', 'not authorized'));

    await expect(onPlatformApplicationEvent(platformApplicationEvent('delete'), deps())).rejects.toThrow(
      'not authorized',
    );
  });

  test('credentials SNS refuses fail the Create with its reason, and no secret text', async () => {
    // Prepare
    holdSecrets();
    sns
      .on(CreatePlatformApplicationCommand)
      .rejects(
        snsError(
          'InvalidParameterException',
          'Invalid parameter: Attributes Reason: Platform credentials are invalid',
        ),
      );

    // Act
    const failure = await onPlatformApplicationEvent(platformApplicationEvent('create'), deps()).catch(
      (error: Error) => error,
    );

    // Assess
    expect(String(failure)).toContain('Platform credentials are invalid');
    expect(`${(failure as Error).message}${(failure as Error).stack}`).not.toContain(SECRET_MARKER);
  });
});
