import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createDocumentClient } from '../../../../functions/commons/dynamo/create-client.ts';
import { parseConfig } from '../../../../functions/commons/runtime/config.ts';
import { JourneyInputError } from '../../../../functions/commons/runtime/errors.ts';
import { lambdaChannels } from '../../../../functions/commons/runtime/lambda-channels.ts';
import { createLogger } from '../../../../functions/commons/runtime/observability.ts';
import { webhookMessage } from '../../../support/webhook-adapter-fixture.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../../support/webhook-receiver.ts';

// Secrets Manager has no local runner: its edge is mocked. The receiver is a real local server.
const secretsManager = mockClient(SecretsManagerClient);
const SECRET_ARN = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:journeys-webhook-signing-XyZ123';
const SECRET = 'whsec_from_the_stage_secret_0123456789abcdef';
const ENVIRONMENT = {
  CUSTOMERS_TABLE: 'customers',
  EVENTS_TABLE: 'events',
  STATE_TABLE: 'state',
  OUTBOX_TABLE: 'outbox',
  WEBHOOK_SECRET_ARN: SECRET_ARN,
};

let receiver: WebhookReceiver | undefined;
beforeAll(() => {
  process.env.AWS_REGION ??= 'ap-east-1';
});
afterEach(async () => {
  secretsManager.reset();
  await receiver?.close();
  receiver = undefined;
});

/** The channels of a Lambda with this environment; the outbox's table is never reached by webhooks. */
function channelsOf(environment: Record<string, string>) {
  secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: SECRET });
  const client = createDocumentClient({ region: 'ap-east-1', endpoint: 'http://127.0.0.1:9' });
  return lambdaChannels(parseConfig(environment), client, createLogger({ silent: true }));
}

describe('the webhook channel of a Lambda', () => {
  test('with WEBHOOK_SECRET_ARN, webhooks go through the adapter, which refuses a target on 127.0.0.1', async () => {
    // Prepare
    receiver = await startWebhookReceiver(SECRET);
    const channels = channelsOf(ENVIRONMENT);

    // Act
    const [outcome] = await channels.deliver([webhookMessage(receiver.url('/hooks'))]);

    // Assess
    expect(outcome).toEqual({
      idempotencyKey: 'run-1#send-hook#c-1',
      status: 'rejected',
      reason: 'target refused: 127.0.0.1 resolves to 127.0.0.1, which is not a public address',
    });
    expect(receiver.calls).toEqual([]);
  });

  test('the calls are signed with the secret read from Secrets Manager (private targets allowed to reach the test receiver)', async () => {
    // Prepare
    receiver = await startWebhookReceiver(SECRET);
    const channels = channelsOf({ ...ENVIRONMENT, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });

    // Act
    const [outcome] = await channels.deliver([webhookMessage(receiver.url('/hooks'))]);

    // Assess: the receiver verified with the secret that only Secrets Manager holds (read once, then cached).
    expect(outcome?.status).toBe('accepted');
    expect(receiver.calls.map((call) => call.verification.valid)).toEqual([true]);
  });

  test('WEBHOOK_ALLOW_PRIVATE_TARGETS takes only "true" or "false"', () => {
    expect(() => parseConfig({ ...ENVIRONMENT, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow(
      JourneyInputError,
    );
    expect(parseConfig(ENVIRONMENT).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBeUndefined();
    expect(
      parseConfig({ ...ENVIRONMENT, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' }).WEBHOOK_ALLOW_PRIVATE_TARGETS,
    ).toBe(false);
  });
});
