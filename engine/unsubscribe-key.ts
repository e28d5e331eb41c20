import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unsubscribeKey } from '../functions/commons/channels/unsubscribe-token.ts';
import type { RuntimeConfig } from '../functions/commons/runtime/config.ts';

/** The file in a data folder that keeps its unsubscribe key, so links sent before a restart still work. */
export const UNSUBSCRIBE_KEY_FILE = 'unsubscribe.key';

/**
 * The local engine's unsubscribe key: UNSUBSCRIBE_KEY when the environment gives one, else the
 * data folder's own (made on first use, readable by its owner only), else a new one per engine.
 */
export function localUnsubscribeKey(
  config: Pick<RuntimeConfig, 'UNSUBSCRIBE_KEY'>,
  dataDir?: string,
): KeyObject {
  if (config.UNSUBSCRIBE_KEY) return unsubscribeKey(config.UNSUBSCRIBE_KEY);
  if (!dataDir) return unsubscribeKey(randomBytes(32));
  const file = join(dataDir, UNSUBSCRIBE_KEY_FILE);
  try {
    return unsubscribeKey(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const material = randomBytes(32);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, material.toString('base64url'), { mode: 0o600, flag: 'wx' });
  return unsubscribeKey(material);
}
