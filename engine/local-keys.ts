import { type KeyObject, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeConfig } from '../functions/commons/runtime/config.ts';
import { pseudonymKey } from '../functions/commons/util/pseudonym.ts';
import { localUnsubscribeKey } from './unsubscribe-key.ts';

/** The file in a data folder that keeps its pseudonym key, so tombstones are found after a restart. */
export const PSEUDONYM_KEY_FILE = 'pseudonym.key';

/** The secrets the local engine keeps in place of the stage's Secrets Manager secrets. */
export interface LocalKeys {
  /** Signs and checks one-click unsubscribe links. */
  readonly unsubscribe: KeyObject;
  /** Keys erasure tombstones and the pseudonyms of erased customers. */
  readonly pseudonym: KeyObject;
}

export function localKeys(
  config: Pick<RuntimeConfig, 'UNSUBSCRIBE_KEY' | 'PSEUDONYM_KEY'>,
  dataDir?: string,
): LocalKeys {
  return { unsubscribe: localUnsubscribeKey(config, dataDir), pseudonym: localPseudonymKey(config, dataDir) };
}

/**
 * The local pseudonym key: PSEUDONYM_KEY when the environment gives one, else the data folder's
 * own (made on first use, readable by its owner only), else a new one per engine.
 */
export function localPseudonymKey(config: Pick<RuntimeConfig, 'PSEUDONYM_KEY'>, dataDir?: string): KeyObject {
  if (config.PSEUDONYM_KEY) return pseudonymKey(config.PSEUDONYM_KEY);
  if (!dataDir) return pseudonymKey(randomBytes(32));
  const file = join(dataDir, PSEUDONYM_KEY_FILE);
  try {
    return pseudonymKey(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const material = randomBytes(32);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, material.toString('base64url'), { mode: 0o600, flag: 'wx' });
  return pseudonymKey(material);
}
