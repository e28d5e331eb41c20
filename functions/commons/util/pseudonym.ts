import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/** Keeps these digests from matching a MAC the same key makes for any other use. */
const PURPOSE = 'journeys.customer-pseudonym.v1';

/**
 * The prefix of a pseudonym, so a record kept under one reads as an erased customer's. A customer
 * id never holds a "~" (the events API refuses it), so no pseudonym is ever a customer's id.
 */
export const PSEUDONYM_PREFIX = '~erased:';

/** Whether an id in a record is an erased customer's pseudonym rather than a customer's id. */
export const isPseudonym = (id: string) => id.startsWith(PSEUDONYM_PREFIX);

/** The Secrets Manager secret that holds a stage's pseudonym key: named, so the CLI finds it by the stage. */
export function pseudonymSecretName(stage: string): string {
  return `journeys-${stage}-pseudonym-key`;
}

/** The key of customer pseudonyms (HMAC-SHA256); it refuses one too short to resist guessing. */
export function pseudonymKey(material: string | Uint8Array): KeyObject {
  const bytes = typeof material === 'string' ? Buffer.from(material, 'utf8') : Buffer.from(material);
  if (bytes.length < 32) throw new Error('the pseudonym key must hold at least 32 bytes');
  return createSecretKey(bytes);
}

/**
 * A keyed digest of a customer id (base64url of HMAC-SHA256): without the key, an id cannot be
 * found from it by trying ids, as it could from a plain hash of a guessable id.
 */
export function customerDigest(customerId: string, key: KeyObject): string {
  return createHmac('sha256', key).update(`${PURPOSE}.${customerId}`).digest('base64url');
}

/** What an erased customer's id becomes in the records kept for counts: 128 bits of their digest. */
export function customerPseudonym(customerId: string, key: KeyObject): string {
  return `${PSEUDONYM_PREFIX}${customerDigest(customerId, key).slice(0, 22)}`;
}
