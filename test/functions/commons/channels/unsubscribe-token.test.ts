import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  signUnsubscribeToken,
  unsubscribeKey,
  verifyUnsubscribeToken,
} from '../../../../functions/commons/channels/unsubscribe-token.ts';

const key = unsubscribeKey(randomBytes(32));
const claim = { customerId: 'c-42', channel: 'email' } as const;

/** The token with one character of its part `part` (0 payload, 1 MAC) replaced. */
function altered(token: string, part: 0 | 1, at: number): string {
  const parts = token.split('.');
  const text = parts[part] ?? '';
  const index = at < 0 ? text.length + at : at;
  const replacement = text[index] === 'A' ? 'B' : 'A';
  parts[part] = `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
  return parts.join('.');
}

describe('unsubscribe tokens', () => {
  test('a token verifies to the customer and channel it was signed for', () => {
    // Act
    const token = signUnsubscribeToken(claim, key);

    // Assess
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyUnsubscribeToken(token, key)).toEqual(claim);
  });

  test('a token of another channel names that channel, not the first one', () => {
    const sms = signUnsubscribeToken({ customerId: 'c-42', channel: 'sms' }, key);

    expect(verifyUnsubscribeToken(sms, key)).toEqual({ customerId: 'c-42', channel: 'sms' });
    expect(sms).not.toBe(signUnsubscribeToken(claim, key));
  });

  test('a token signed with another key is refused', () => {
    const forged = signUnsubscribeToken(claim, unsubscribeKey(randomBytes(32)));

    expect(verifyUnsubscribeToken(forged, key)).toBeUndefined();
  });

  test('a payload changed to another customer or channel, with the MAC kept, is refused', () => {
    // Prepare
    const [, mac] = signUnsubscribeToken(claim, key).split('.');
    const payloadOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    // Act / Assess
    expect(verifyUnsubscribeToken(`${payloadOf([1, 'email', 'c-43'])}.${mac}`, key)).toBeUndefined();
    expect(verifyUnsubscribeToken(`${payloadOf([1, 'sms', 'c-42'])}.${mac}`, key)).toBeUndefined();
  });

  test.each([
    ['the first character of the payload', 0, 0],
    ['the last character of the payload', 0, -1],
    ['the first character of the MAC', 1, 0],
    ['the last character of the MAC', 1, -1],
  ] as const)('a token with %s changed is refused', (_, part, at) => {
    const token = signUnsubscribeToken(claim, key);

    expect(verifyUnsubscribeToken(altered(token, part, at), key)).toBeUndefined();
  });

  test.each(['', 'no-dot', 'a.b.c', '.', `${'x'.repeat(600)}.y`])(
    'the malformed token %j is refused',
    (token) => {
      expect(verifyUnsubscribeToken(token, key)).toBeUndefined();
    },
  );

  test('carries no address: the payload decodes to the version, channel and customer id alone', () => {
    const [payload] = signUnsubscribeToken(claim, key).split('.');

    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'))).toEqual([
      1,
      'email',
      'c-42',
    ]);
  });

  test('a key shorter than 32 bytes is refused', () => {
    expect(() => unsubscribeKey('short')).toThrow('at least 32 bytes');
  });
});
