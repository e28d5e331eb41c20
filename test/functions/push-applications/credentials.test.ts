import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { CreatePlatformApplicationCommand, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, test } from 'vitest';
import { readSecretText } from '../../../functions/push-applications/credentials-secret.ts';
import { onPlatformApplicationEvent } from '../../../functions/push-applications/push-applications.ts';
import {
  APNS_SECRET_ARN,
  APNS_SIGNING_KEY,
  FCM_SECRET_ARN,
  FCM_SERVICE_ACCOUNT,
  mockPushEdges,
  platformApplicationEvent,
  recordingLogger,
  SECRET_MARKER,
} from '../../support/push-applications.ts';

// Secrets Manager has no local runner: its edge is mocked, holding secrets that are not what they should be.
const { sns, secretsManager } = mockPushEdges();

const apnsCreate = () => {
  const event = platformApplicationEvent('create');
  event.ResourceProperties = platformApplicationEvent('update').ResourceProperties;
  return event;
};

/** The Create's failure, what the log got, and whether SNS was called at all. */
async function createWith(secret: { SecretString?: string; SecretBinary?: Uint8Array }, apns = false) {
  secretsManager.on(GetSecretValueCommand).resolves(secret);
  const logger = recordingLogger();
  const event = apns ? apnsCreate() : platformApplicationEvent('create');
  const failure = await onPlatformApplicationEvent(event, {
    sns: new SNSClient({ region: 'us-east-1' }),
    readSecret: readSecretText,
    logger,
  }).then(
    () => undefined,
    (error: Error) => error,
  );
  return { failure, told: `${failure?.message}\n${failure?.stack}\n${logger.lines.join('\n')}` };
}

const withoutField = (field: keyof typeof FCM_SERVICE_ACCOUNT) =>
  JSON.stringify({ ...FCM_SERVICE_ACCOUNT, [field]: undefined });

describe('a credentials secret that is not what its platform needs', () => {
  test.each([
    ['client_email', "client_email: expected the service account's e-mail address"],
    ['private_key', 'private_key: expected the private key, from "-----BEGIN PRIVATE KEY-----"'],
    ['project_id', 'project_id: expected the Firebase project id'],
    ['type', 'type: expected "service_account"'],
  ] as const)(
    'an FCM service account without %s fails the deploy naming the field',
    async (field, message) => {
      // Act
      const { failure, told } = await createWith({ SecretString: withoutField(field) });

      // Assess
      expect(failure?.name).toBe('PushCredentialsError');
      expect(failure?.message).toContain(`the FCM credentials secret ${FCM_SECRET_ARN}: ${message}`);
      expect(told).not.toContain(SECRET_MARKER);
      expect(sns.commandCalls(CreatePlatformApplicationCommand)).toEqual([]);
    },
  );

  test('an FCM secret that is not JSON says so, without quoting the text', async () => {
    // Prepare: a key pasted where the JSON should be.
    const { failure, told } = await createWith({ SecretString: `${APNS_SIGNING_KEY} ,}` });

    // Assess
    expect(failure?.message).toBe(
      `the FCM credentials secret ${FCM_SECRET_ARN}: expected the service account JSON that Firebase downloads, and the text is not JSON`,
    );
    expect(told).not.toContain(SECRET_MARKER);
    expect(failure?.cause).toBeUndefined();
  });

  test('an APNs secret that is not the .p8 key names what it expected, without the text', async () => {
    // Prepare: the service account JSON in the APNs secret.
    const { failure, told } = await createWith({ SecretString: JSON.stringify(FCM_SERVICE_ACCOUNT) }, true);

    // Assess
    expect(failure?.message).toBe(
      `the APNs credentials secret ${APNS_SECRET_ARN}: expected the text of the .p8 signing key file, from "-----BEGIN PRIVATE KEY-----" to "-----END PRIVATE KEY-----"`,
    );
    expect(told).not.toContain(SECRET_MARKER);
  });

  test('a binary secret is refused: the key file belongs in its SecretString', async () => {
    const { failure } = await createWith({ SecretBinary: new TextEncoder().encode(APNS_SIGNING_KEY) }, true);

    expect(failure?.message).toBe(
      `the credentials secret ${APNS_SECRET_ARN} holds binary data: store the key file's text as its SecretString`,
    );
  });

  test('an APNs key with surrounding blank lines is passed to SNS trimmed', async () => {
    // Prepare
    sns.on(CreatePlatformApplicationCommand).resolves({
      PlatformApplicationArn: 'arn:aws:sns:us-east-1:111122223333:app/APNS/journeys-staging-apns',
    });

    // Act
    const { failure } = await createWith({ SecretString: `\n${APNS_SIGNING_KEY}\n\n` }, true);

    // Assess
    expect(failure).toBeUndefined();
    const [call] = sns.commandCalls(CreatePlatformApplicationCommand);
    expect(call?.args[0].input.Attributes?.PlatformCredential).toBe(APNS_SIGNING_KEY);
  });
});
