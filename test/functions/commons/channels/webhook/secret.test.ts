import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { secretsManagerWebhookSecret } from '../../../../../functions/commons/channels/webhook/secret.ts';

// Secrets Manager has no local runner: its edge is mocked, and the request is asserted exactly.
const secretsManager = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:journeys-webhook-signing-AbCdEf';

beforeAll(() => {
  process.env.AWS_REGION ??= 'ap-east-1';
});
afterEach(() => {
  secretsManager.reset();
});

describe('the webhook secret in Secrets Manager', () => {
  test('is read on first use through Powertools, then served from its cache', async () => {
    // Prepare
    secretsManager
      .on(GetSecretValueCommand, { SecretId: ARN })
      .resolves({ SecretString: 'whsec_from_secrets_manager_0123456789abcdef' });
    const secret = secretsManagerWebhookSecret(ARN);
    expect(secretsManager.calls()).toHaveLength(0);

    // Act
    const first = await secret();
    const second = await secret();

    // Assess
    expect([first, second]).toEqual([
      'whsec_from_secrets_manager_0123456789abcdef',
      'whsec_from_secrets_manager_0123456789abcdef',
    ]);
    expect(secretsManager.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: ARN },
    ]);
  });

  test('a secret too short to sign with is refused rather than used', async () => {
    const shortArn = `${ARN}-short`;
    secretsManager.on(GetSecretValueCommand, { SecretId: shortArn }).resolves({ SecretString: 'short' });
    await expect(secretsManagerWebhookSecret(shortArn)()).rejects.toThrow(
      'the webhook secret must be text of at least 32 characters (a SecretString)',
    );
  });
});
