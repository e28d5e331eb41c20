import { createHmac, timingSafeEqual } from 'node:crypto';

// Stripe's scheme, so receivers can reuse what they know: `t=<unix seconds>,v1=<hex HMAC-SHA256>`,
// the HMAC taken over `${t}.${raw body}` with the secret's text as the key. This file needs only
// node:crypto, so a receiver can copy it as it is.

/** The header that carries the signature. */
export const SIGNATURE_HEADER = 'Journeys-Signature';

/** How old (or how far ahead) a signature's timestamp may be before it is refused: replays get 5 minutes. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The hex HMAC-SHA256 of `${timestamp}.${body}` under the secret. */
export function webhookSignature(secret: string, timestamp: number, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest('hex');
}

/** The value of the Journeys-Signature header for a body sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string | Uint8Array): string {
  return `t=${timestamp},v1=${webhookSignature(secret, timestamp, body)}`;
}

export type Verification =
  | { readonly valid: true; readonly timestamp: number }
  | { readonly valid: false; readonly reason: string };

export interface VerifyOptions {
  /** The request body exactly as received, before any JSON parsing (re-serialised JSON will not match). */
  readonly body: string | Uint8Array;
  /** The Journeys-Signature header, as received. */
  readonly header: string | null | undefined;
  /** The signing secret, or several while one is being rotated: any of them may match. */
  readonly secret: string | readonly string[];
  /** @default 300 s either side of `now` */
  readonly toleranceSeconds?: number;
  /** The receiver's clock, in unix seconds. @default now */
  readonly now?: number;
}

/**
 * What a receiver runs on each call: the header parses, its timestamp is within the tolerance,
 * and one of its v1 signatures is the HMAC of this body under one of the secrets (compared in
 * constant time). Anything else is invalid, with the reason.
 */
export function verifyWebhookSignature(options: VerifyOptions): Verification {
  const parsed = parseHeader(options.header);
  if ('reason' in parsed) return { valid: false, reason: parsed.reason };
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(now - parsed.timestamp) > tolerance)
    return { valid: false, reason: `the timestamp is more than ${tolerance} s from now` };
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  const matches = secrets.some((secret) => {
    const expected = Buffer.from(webhookSignature(secret, parsed.timestamp, options.body), 'hex');
    return parsed.signatures.some((signature) => {
      const given = Buffer.from(signature, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  });
  return matches
    ? { valid: true, timestamp: parsed.timestamp }
    : { valid: false, reason: 'no signature matches the body' };
}

function parseHeader(
  header: string | null | undefined,
): { timestamp: number; signatures: string[] } | { reason: string } {
  if (!header) return { reason: `no ${SIGNATURE_HEADER} header` };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // Other schemes (a future v2) are skipped, as Stripe's receivers skip v0.
    if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined) return { reason: 'the header has no t=<unix seconds>' };
  if (signatures.length === 0) return { reason: 'the header has no v1=<hex signature>' };
  return { timestamp, signatures };
}
