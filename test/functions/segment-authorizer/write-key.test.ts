import { describe, expect, it } from 'vitest';
import { authorizes, writeKeyOf } from '../../../functions/segment-authorizer/write-key.ts';

/** The write key as Segment's libraries send it: HTTP Basic, the key as the user name, no password. */
const basic = (userAndPassword: string) => `Basic ${Buffer.from(userAndPassword).toString('base64')}`;
const KEY = 'segment-test-write-key-0123';

describe('the Segment write key of an Authorization header', () => {
  it('is the user name of HTTP Basic auth, with or without a password', () => {
    expect(writeKeyOf(basic(`${KEY}:`))).toBe(KEY);
    expect(writeKeyOf(basic(`${KEY}:ignored`))).toBe(KEY);
    expect(writeKeyOf(basic(KEY))).toBe(KEY);
    expect(writeKeyOf(`basic ${Buffer.from(`${KEY}:`).toString('base64')}`)).toBe(KEY);
  });

  it.each([
    ['no header', undefined],
    ['a bearer token', `Bearer ${KEY}`],
    ['an empty user name', basic(':password')],
    ['a header that is not base64', 'Basic ***'],
  ])('is none for %s', (_case, header) => {
    expect(writeKeyOf(header)).toBeUndefined();
  });

  it('authorizes the expected key only', () => {
    expect(authorizes(basic(`${KEY}:`), KEY)).toBe(true);
    expect(authorizes(basic(`${KEY}x:`), KEY)).toBe(false);
    expect(authorizes(basic('other-key:'), KEY)).toBe(false);
    expect(authorizes(undefined, KEY)).toBe(false);
    // A runtime without a key configured lets no one in.
    expect(authorizes(basic(`${KEY}:`), '')).toBe(false);
  });
});
