import { z } from 'zod';
import type { PlatformApplicationProperties } from './properties.ts';

/** A PKCS#8 private key in PEM, as both the .p8 file and the service account carry it. */
const PEM_KEY = /^-----BEGIN PRIVATE KEY-----\s[\s\S]+\s-----END PRIVATE KEY-----\s*$/;

/** The APNs token-signing key: the text of the .p8 file Apple gives, as it is. */
export const ApnsSigningKey = z
  .string()
  .trim()
  .regex(PEM_KEY, {
    error:
      'expected the text of the .p8 signing key file, from "-----BEGIN PRIVATE KEY-----" to "-----END PRIVATE KEY-----"',
  })
  .describe('The secret of an APNs application: the .p8 token-signing key (SNS PlatformCredential)');

/** The FCM HTTP v1 credentials: the service account key file Firebase downloads, as it is. */
export const FcmServiceAccount = z
  .object(
    {
      type: z.literal('service_account', {
        error: 'expected "service_account": the key file of a service account, not a google-services.json',
      }),
      project_id: z
        .string({ error: 'expected the Firebase project id' })
        .min(1, 'expected the Firebase project id'),
      private_key_id: z
        .string({ error: "expected the id of the service account's key" })
        .min(1, "expected the id of the service account's key"),
      private_key: z
        .string({ error: 'expected the private key, from "-----BEGIN PRIVATE KEY-----"' })
        .regex(PEM_KEY, {
          error:
            'expected the private key, from "-----BEGIN PRIVATE KEY-----" to "-----END PRIVATE KEY-----"',
        }),
      client_email: z.email({ error: "expected the service account's e-mail address" }),
    },
    { error: 'expected the service account JSON object that Firebase downloads' },
  )
  .describe('The secret of an FCM application: the service account JSON (SNS PlatformCredential)');

/**
 * A secret that does not hold what its platform needs. The message names the secret and the
 * fields, never their values: it reaches the function's log and CloudFormation's events.
 */
export class PushCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The PlatformCredential of an application, checked from its secret's text. */
export function platformCredential(properties: PlatformApplicationProperties, secretText: string): string {
  const secret = `the ${properties.Platform === 'GCM' ? 'FCM' : 'APNs'} credentials secret ${properties.CredentialsSecretArn}`;
  if (properties.Platform !== 'GCM') {
    const key = ApnsSigningKey.safeParse(secretText);
    if (!key.success) throw new PushCredentialsError(`${secret}: ${problemsOf(key.error)}`);
    return key.data;
  }
  let json: unknown;
  try {
    json = JSON.parse(secretText);
  } catch {
    // JSON.parse quotes the text it failed on, so its error is not passed on.
    throw new PushCredentialsError(
      `${secret}: expected the service account JSON that Firebase downloads, and the text is not JSON`,
    );
  }
  const account = FcmServiceAccount.safeParse(json);
  if (!account.success) throw new PushCredentialsError(`${secret}: ${problemsOf(account.error)}`);
  return secretText;
}

/** Each problem as "field: message"; zod leaves the received values out unless asked. */
function problemsOf(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
