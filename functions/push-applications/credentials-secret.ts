import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { PushCredentialsError } from './credentials.ts';

/**
 * A credentials secret's text, read through Powertools parameters and never from its cache: a
 * deploy that follows a rotation must see the new key.
 */
export async function readSecretText(secretArn: string): Promise<string> {
  const value = await getSecret(secretArn, { forceFetch: true, throwOnMissing: true });
  if (typeof value !== 'string')
    throw new PushCredentialsError(
      `the credentials secret ${secretArn} holds binary data: store the key file's text as its SecretString`,
    );
  return value;
}
