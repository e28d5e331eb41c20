import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { WebhookSecret } from './webhook-adapter.ts';

/** How long a container keeps the secret before reading it again, so a rotation reaches it within minutes. */
const SECRET_MAX_AGE_SECONDS = 300;

/**
 * The signing secret in Secrets Manager, read through Powertools parameters (cached per
 * container) on the first webhook, not at start-up: functions that send none never read it.
 */
export function secretsManagerWebhookSecret(secretArn: string): WebhookSecret {
  return async () => {
    const secret = await getSecret(secretArn, { maxAge: SECRET_MAX_AGE_SECONDS, throwOnMissing: true });
    if (typeof secret !== 'string' || secret.length < 32)
      throw new Error('the webhook secret must be text of at least 32 characters (a SecretString)');
    return secret;
  };
}

/** A secret known up front: locally, from the environment or the data folder. */
export const fixedWebhookSecret =
  (secret: string): WebhookSecret =>
  () =>
    Promise.resolve(secret);
