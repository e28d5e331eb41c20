import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file in a data folder that keeps its Segment write key, so a restart keeps the sources working. */
export const SEGMENT_WRITE_KEY_FILE = 'segment-write-key';

/**
 * The write key `journeys serve` takes Segment calls with: the one given (option or environment),
 * else the data folder's own (made on first use, readable by its owner only), else a new one per run.
 */
export function localSegmentWriteKey(given: string | undefined, dataDir?: string): string {
  if (given) return given;
  if (!dataDir) return newWriteKey();
  const file = join(dataDir, SEGMENT_WRITE_KEY_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = newWriteKey();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  return key;
}

const newWriteKey = () => randomBytes(24).toString('base64url');
