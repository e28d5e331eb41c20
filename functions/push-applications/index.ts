import { SNSClient } from '@aws-sdk/client-sns';
import { createLogger } from '../commons/runtime/observability.ts';
import { readSecretText } from './credentials-secret.ts';
import { createPushApplicationsHandler } from './handler.ts';

export const handler = createPushApplicationsHandler({
  sns: new SNSClient({}),
  readSecret: readSecretText,
  logger: createLogger(),
});
