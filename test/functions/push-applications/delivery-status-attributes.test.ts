import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { CreatePlatformApplicationCommand, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, test } from 'vitest';
import { readSecretText } from '../../../functions/push-applications/credentials-secret.ts';
import { onPlatformApplicationEvent } from '../../../functions/push-applications/push-applications.ts';
import {
  FCM_APP,
  FCM_SECRET_ARN,
  FCM_SECRET_TEXT,
  mockPushEdges,
  platformApplicationEvent,
  recordingLogger,
} from '../../support/push-applications.ts';

// Neither SNS nor Secrets Manager has a local runner: both edges are mocked, requests asserted exactly.
const { sns, secretsManager } = mockPushEdges();

const ROLE = 'arn:aws:iam::111122223333:role/Journeys-staging-PushDeliveryStatusRole-1A2B3C4D';
const deps = () => ({
  logger: recordingLogger(),
  sns: new SNSClient({ region: 'us-east-1' }),
  readSecret: readSecretText,
});

describe('delivery status logging of the push applications', () => {
  test('a Create names the role SNS logs with, and logs every success as it logs every failure', async () => {
    // Prepare
    secretsManager
      .on(GetSecretValueCommand, { SecretId: FCM_SECRET_ARN })
      .resolves({ SecretString: FCM_SECRET_TEXT });
    sns.on(CreatePlatformApplicationCommand).resolves({ PlatformApplicationArn: FCM_APP });
    const create = platformApplicationEvent('create');
    create.ResourceProperties = {
      ...create.ResourceProperties,
      SuccessFeedbackRoleArn: ROLE,
      FailureFeedbackRoleArn: ROLE,
      SuccessFeedbackSampleRate: '100',
    };

    // Act
    await onPlatformApplicationEvent(create, deps());

    // Assess
    expect(sns.commandCalls(CreatePlatformApplicationCommand).map((call) => call.args[0].input)).toEqual([
      {
        Name: 'journeys-staging-fcm',
        Platform: 'GCM',
        Attributes: {
          PlatformCredential: FCM_SECRET_TEXT,
          SuccessFeedbackRoleArn: ROLE,
          FailureFeedbackRoleArn: ROLE,
          SuccessFeedbackSampleRate: '100',
        },
      },
    ]);
  });

  test.each([
    [
      { SuccessFeedbackRoleArn: 'arn:aws:iam::111122223333:user/someone' },
      /SuccessFeedbackRoleArn[\s\S]*IAM role/,
    ],
    [{ SuccessFeedbackSampleRate: '101' }, /SuccessFeedbackSampleRate[\s\S]*percentage/],
  ])('a property that is not what SNS takes fails the Create, naming it (%o)', async (wrong, message) => {
    // Prepare
    const create = platformApplicationEvent('create');
    create.ResourceProperties = { ...create.ResourceProperties, ...wrong };

    // Act / Assess
    await expect(onPlatformApplicationEvent(create, deps())).rejects.toThrow(message);
    expect(sns.commandCalls(CreatePlatformApplicationCommand)).toEqual([]);
  });
});
