import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LocalEngine } from '../../../engine/engine.ts';
import { unsubscribeUrl } from '../../../functions/commons/channels/unsubscribe-link.ts';
import {
  signUnsubscribeToken,
  unsubscribeKey,
} from '../../../functions/commons/channels/unsubscribe-token.ts';
import { profile, startHarness } from '../../support/engine/engine-harness.ts';

const ONE_CLICK = 'List-Unsubscribe=One-Click';
let engine: LocalEngine;

beforeAll(async () => {
  ({ engine } = await startHarness(['first-purchase-gift'], '2027-06-11T02:00:00Z'));
}, 60_000);
afterAll(async () => {
  await engine?.stop();
});

/** A stored customer who consents to email and SMS, and the token of their email link. */
async function customer(customerId: string) {
  await engine.deps.stores.customers.putMany([
    profile(customerId, { consent: { email: true, sms: true }, timezone: 'Asia/Shanghai' }),
  ]);
  const link = new URL(unsubscribeUrl(engine.deps, customerId, 'email'));
  return { token: link.searchParams.get('token') ?? '', link };
}

const consentOf = async (customerId: string) => (await engine.deps.stores.customers.get(customerId))?.consent;

describe('the unsubscribe route', () => {
  test('a link points at /unsubscribe of the configured base URL, with a token and no address', async () => {
    const { link } = await customer('u-link');

    expect(`${link.origin}${link.pathname}`).toBe('http://127.0.0.1:8787/unsubscribe');
    expect(link.href).not.toContain('example.com');
  });

  test('GET shows a page whose button POSTs the one-click body, and changes nothing', async () => {
    // Prepare
    const { token } = await customer('u-get');

    // Act
    const response = await engine.unsubscribe({ method: 'GET', token });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<form method="post"');
    expect(response.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await consentOf('u-get')).toEqual({ email: true, sms: true });
  });

  test('the one-click POST stops the channel of the token on the profile, and only that channel', async () => {
    // Prepare
    const { token } = await customer('u-post');

    // Act
    const response = await engine.unsubscribe({ method: 'POST', token, body: ONE_CLICK });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('You are unsubscribed');
    expect(await consentOf('u-post')).toEqual({ email: false, sms: true });
  });

  test('a second POST of the same link is a duplicate of the first, and answers the same', async () => {
    // Prepare
    const { token } = await customer('u-twice');
    await engine.unsubscribe({ method: 'POST', token, body: ONE_CLICK });
    const before = await engine.deps.stores.customers.get('u-twice');

    // Act
    const again = await engine.unsubscribe({ method: 'POST', token, body: ONE_CLICK });

    // Assess
    expect(again.statusCode).toBe(200);
    expect(await engine.deps.stores.customers.get('u-twice')).toEqual(before);
  });

  test.each([
    [
      'signed with another key',
      (_token: string) =>
        signUnsubscribeToken({ customerId: 'u-forged', channel: 'email' }, unsubscribeKey('k'.repeat(32))),
    ],
    ['with its MAC altered', (token: string) => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`],
    [
      'naming another customer',
      (token: string) =>
        `${Buffer.from(JSON.stringify([1, 'email', 'u-other'])).toString('base64url')}.${token.split('.')[1]}`,
    ],
  ])('a token %s gets 403, on GET and POST, and changes nothing', async (_, tamper) => {
    // Prepare
    const { token } = await customer('u-forged');
    await customer('u-other');
    const forged = tamper(token);

    // Act
    const posted = await engine.unsubscribe({ method: 'POST', token: forged, body: ONE_CLICK });
    const shown = await engine.unsubscribe({ method: 'GET', token: forged });

    // Assess
    expect([posted.statusCode, shown.statusCode]).toEqual([403, 403]);
    expect(await consentOf('u-forged')).toEqual({ email: true, sms: true });
    expect(await consentOf('u-other')).toEqual({ email: true, sms: true });
  });

  test('a POST without the one-click body, a request without a token, and other methods change nothing', async () => {
    // Prepare
    const { token } = await customer('u-malformed');

    // Act
    const answers = await Promise.all([
      engine.unsubscribe({ method: 'POST', token, body: 'List-Unsubscribe=Later' }),
      engine.unsubscribe({ method: 'POST', body: ONE_CLICK }),
      engine.unsubscribe({ method: 'DELETE', token }),
    ]);

    // Assess
    expect(answers.map((answer) => answer.statusCode)).toEqual([400, 400, 405]);
    expect(await consentOf('u-malformed')).toEqual({ email: true, sms: true });
  });
});
