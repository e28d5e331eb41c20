import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The write key of an HTTP Basic Authorization header, as Segment's libraries send it: the key
 * as the user name and an empty password. Undefined for any other header.
 */
export function writeKeyOf(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const key = colon === -1 ? decoded : decoded.slice(0, colon);
  return key.length > 0 ? key : undefined;
}

/** Whether two keys are the same, in a time that says nothing of where they differ. */
export function sameWriteKey(given: string, expected: string): boolean {
  const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Whether a request's Authorization header carries the expected write key. */
export function authorizes(authorization: string | undefined, expected: string): boolean {
  const key = writeKeyOf(authorization);
  return key !== undefined && expected.length > 0 && sameWriteKey(key, expected);
}
