import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { CreatePlatformApplicationCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createLogger } from '../../../functions/commons/runtime/observability.ts';
import { readSecretText } from '../../../functions/push-applications/credentials-secret.ts';
import { createPushApplicationsHandler } from '../../../functions/push-applications/handler.ts';
import {
  FCM_APP,
  FCM_SECRET_TEXT,
  mockPushEdges,
  platformApplicationEvent,
  SECRET_MARKER,
} from '../../support/push-applications.ts';

const { sns, secretsManager } = mockPushEdges();
afterEach(() => {
  vi.restoreAllMocks();
});

const context = {
  functionName: 'Journeys-staging-PushApplicationsOnEvent',
  awsRequestId: 'a1b2c3d4',
  getRemainingTimeInMillis: () => 60_000,
} as Context;

describe('the push applications handler chain', () => {
  test("answers the Provider framework with the application's ARN and logs it, never the secret", async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: FCM_SECRET_TEXT });
    sns.on(CreatePlatformApplicationCommand).resolves({ PlatformApplicationArn: FCM_APP });
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    const handler = createPushApplicationsHandler({
      sns: new SNSClient({ region: 'us-east-1' }),
      readSecret: readSecretText,
      logger: createLogger(),
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);

    // Act
    const response = await handler(platformApplicationEvent('create'), context);

    // Assess
    vi.restoreAllMocks();
    expect(response).toEqual({ PhysicalResourceId: FCM_APP, Data: { PlatformApplicationArn: FCM_APP } });
    expect(written.join('')).toContain(FCM_APP);
    expect(written.join('')).not.toContain(SECRET_MARKER);
  });
});
