import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Channel } from '../../../workflows/schema/index.ts';

/** Who a one-click unsubscribe link is for, and from which channel. */
export interface UnsubscribeClaim {
  readonly customerId: string;
  readonly channel: Channel;
}

/** The signed part of a token: version, channel and customer id, nothing else (no address). */
const Payload = z.tuple([z.literal(1), Channel, z.string().min(1).max(128)]);

/** Keeps a MAC for unsubscribe links from being valid for any other use of the same key. */
const PURPOSE = 'journeys.unsubscribe.v1';

/** An HMAC-SHA256 key for unsubscribe tokens; it refuses one too short to resist guessing. */
export function unsubscribeKey(material: string | Uint8Array): KeyObject {
  const bytes = typeof material === 'string' ? Buffer.from(material, 'utf8') : Buffer.from(material);
  if (bytes.length < 32) throw new Error('the unsubscribe key must hold at least 32 bytes');
  return createSecretKey(bytes);
}

const mac = (key: KeyObject, payload: string) =>
  createHmac('sha256', key).update(`${PURPOSE}.${payload}`).digest();

/**
 * A token `<payload>.<mac>`, both base64url: the payload names the customer and the channel,
 * and only the holder of the key can make a MAC that matches it.
 */
export function signUnsubscribeToken(claim: UnsubscribeClaim, key: KeyObject): string {
  const payload = Buffer.from(JSON.stringify([1, claim.channel, claim.customerId]), 'utf8').toString(
    'base64url',
  );
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** The claim of a token whose MAC matches its payload, else undefined: forged, altered or malformed. */
export function verifyUnsubscribeToken(token: string, key: KeyObject): UnsubscribeClaim | undefined {
  if (token.length > 512) return undefined;
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, payload);
  // Equal lengths first: timingSafeEqual throws on a mismatch, and the length is no secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  // base64url decoding skips stray characters and spare bits: only the canonical text is one token.
  const text = Buffer.from(payload, 'base64url');
  if (given.toString('base64url') !== signature || text.toString('base64url') !== payload) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(text.toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = Payload.safeParse(decoded);
  if (!parsed.success) return undefined;
  const [, channel, customerId] = parsed.data;
  return { customerId, channel };
}
