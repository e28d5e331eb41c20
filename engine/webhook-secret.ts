import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookSecret } from '../functions/commons/channels/webhook/webhook-adapter.ts';
import type { RuntimeConfig } from '../functions/commons/runtime/config.ts';

/** The file in a data folder that keeps its webhook signing secret, for local receivers to verify with. */
export const WEBHOOK_SECRET_FILE = 'webhook.key';

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * The local engine's webhook secret: WEBHOOK_SECRET when the environment gives one, else the data
 * folder's own (made on the first webhook, readable by its owner only), else one per engine. Read
 * lazily, so a run that sends no webhook writes no file.
 */
export function localWebhookSecret(
  config: Pick<RuntimeConfig, 'WEBHOOK_SECRET'>,
  dataDir?: string,
): WebhookSecret {
  let secret = config.WEBHOOK_SECRET;
  return async () => {
    secret ??= dataDir === undefined ? newSecret() : dataFolderSecret(dataDir);
    return secret;
  };
}

function dataFolderSecret(dataDir: string): string {
  const file = join(dataDir, WEBHOOK_SECRET_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = newSecret();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}
