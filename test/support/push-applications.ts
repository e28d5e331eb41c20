import { readFileSync } from 'node:fs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll } from 'vitest';

/** A CloudFormation event of the push applications' custom resource, copied from its fixture. */
export function platformApplicationEvent<Type extends 'create' | 'update' | 'delete'>(
  type: Type,
): Extract<CloudFormationCustomResourceEvent, { RequestType: Capitalize<Type> }> {
  const url = new URL(`../events/cloudformation/platform-application-${type}.json`, import.meta.url);
  return structuredClone(JSON.parse(readFileSync(url, 'utf8')));
}

export const APNS_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:journeys/apns-AbCdEf';
export const FCM_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:journeys/fcm-GhIjKl';
export const APNS_APP = 'arn:aws:sns:us-east-1:111122223333:app/APNS/journeys-staging-apns';
export const FCM_APP = 'arn:aws:sns:us-east-1:111122223333:app/GCM/journeys-staging-fcm';

/** Every secret below carries this text, so a test can tell that none of it leaked. */
export const SECRET_MARKER = 'Zm9yLXRlc3RzLW9ubHk';

export const APNS_SIGNING_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  `MIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg${SECRET_MARKER}`,
  'oUQDQgAEfakefakefakefakefakefakefakefakefakefakefakefakefakefake',
  '-----END PRIVATE KEY-----',
].join('\n');

export const FCM_SERVICE_ACCOUNT = {
  type: 'service_account',
  project_id: 'shop-push',
  private_key_id: '3f1c9e0b7a2d4c6e8f0a1b2c3d4e5f6a7b8c9d0e',
  private_key: `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC${SECRET_MARKER}\n-----END PRIVATE KEY-----\n`,
  client_email: 'firebase-adminsdk-x1y2z@shop-push.iam.gserviceaccount.com',
  client_id: '104729583016274839201',
  token_uri: 'https://oauth2.googleapis.com/token',
};

/** The service account file as Firebase downloads it: indented JSON. */
export const FCM_SECRET_TEXT = `${JSON.stringify(FCM_SERVICE_ACCOUNT, null, 2)}\n`;

/** A logger that keeps every line, to check what reached the log. */
export function recordingLogger() {
  const lines: string[] = [];
  return { lines, info: (...args: unknown[]) => void lines.push(JSON.stringify(args)) };
}

/**
 * SNS and Secrets Manager mocked at the SDK edge (neither has a local runner) for a test file,
 * reset after each test, with a region for the clients the handler makes.
 */
export function mockPushEdges() {
  const sns = mockClient(SNSClient);
  const secretsManager = mockClient(SecretsManagerClient);
  beforeAll(() => {
    process.env.AWS_REGION ??= 'us-east-1';
  });
  afterEach(() => {
    sns.reset();
    secretsManager.reset();
  });
  return { sns, secretsManager };
}
