import { describe, expect, test } from 'vitest';
import {
  signatureHeader,
  verifyWebhookSignature,
  webhookSignature,
} from '../../../../../functions/commons/channels/webhook/signature.ts';

// The worked example of docs/channels.md, its HMAC computed apart with
// `printf '%s' "1781143200.$BODY" | openssl dgst -sha256 -hmac "$SECRET"`.
const SECRET = 'whsec_docs_example_secret_0123456789abcdef';
const BODY = '{"idempotencyKey":"k-1","body":"Hi"}';
const AT = 1_781_143_200;
const OPENSSL_HMAC = '94e1daf08bc3399aaccafaa8ef4c60101323ffb2263ff25149ea6a6867608066';

describe('webhook signatures (Stripe scheme: t=…,v1=HMAC-SHA256 of "t.body")', () => {
  test('the signature is the HMAC-SHA256 of "timestamp.body" that openssl computes', () => {
    expect(webhookSignature(SECRET, AT, BODY)).toBe(OPENSSL_HMAC);
    expect(signatureHeader(SECRET, AT, BODY)).toBe(`t=${AT},v1=${OPENSSL_HMAC}`);
  });

  test('a receiver verifies the body it got, as text or as the raw bytes', () => {
    const header = signatureHeader(SECRET, AT, BODY);
    expect(verifyWebhookSignature({ body: BODY, header, secret: SECRET, now: AT + 10 })).toEqual({
      valid: true,
      timestamp: AT,
    });
    expect(verifyWebhookSignature({ body: Buffer.from(BODY), header, secret: SECRET, now: AT }).valid).toBe(
      true,
    );
  });

  test('a tampered body, a wrong secret or a changed timestamp fails verification', () => {
    const header = signatureHeader(SECRET, AT, BODY);
    const check = (body: string, given: string, secret = SECRET) =>
      verifyWebhookSignature({ body, header: given, secret, now: AT });
    expect(check(BODY.replace('Hi', 'Hi!'), header)).toEqual({
      valid: false,
      reason: 'no signature matches the body',
    });
    expect(check(BODY, header, 'whsec_another_secret_0123456789abcdefgh').valid).toBe(false);
    expect(check(BODY, header.replace(`t=${AT}`, `t=${AT + 1}`)).valid).toBe(false);
  });

  test('a signature older or newer than the tolerance is refused, so a captured call cannot be replayed later', () => {
    const header = signatureHeader(SECRET, AT, BODY);
    expect(verifyWebhookSignature({ body: BODY, header, secret: SECRET, now: AT + 301 })).toEqual({
      valid: false,
      reason: 'the timestamp is more than 300 s from now',
    });
    expect(verifyWebhookSignature({ body: BODY, header, secret: SECRET, now: AT - 301 }).valid).toBe(false);
    expect(
      verifyWebhookSignature({ body: BODY, header, secret: SECRET, now: AT + 3_000, toleranceSeconds: 3_600 })
        .valid,
    ).toBe(true);
  });

  test('while a secret rotates, either secret verifies, and an unknown scheme beside v1 is skipped', () => {
    const header = `${signatureHeader(SECRET, AT, BODY)},v0=deadbeef`;
    expect(
      verifyWebhookSignature({
        body: BODY,
        header,
        secret: ['whsec_new_secret_0123456789abcdefghijk', SECRET],
        now: AT,
      }).valid,
    ).toBe(true);
  });

  test.each([
    [undefined, 'no Journeys-Signature header'],
    ['', 'no Journeys-Signature header'],
    [`v1=${OPENSSL_HMAC}`, 'the header has no t=<unix seconds>'],
    [`t=${AT}`, 'the header has no v1=<hex signature>'],
    [`t=${AT},v1=not-hex`, 'the header has no v1=<hex signature>'],
    [`t=soon,v1=${OPENSSL_HMAC}`, 'the header has no t=<unix seconds>'],
  ])('a malformed header %j is invalid: %s', (header, reason) => {
    expect(verifyWebhookSignature({ body: BODY, header, secret: SECRET, now: AT })).toEqual({
      valid: false,
      reason,
    });
  });
});
