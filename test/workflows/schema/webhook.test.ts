import { describe, expect, test } from 'vitest';
import { schemaViolations } from '../../../workflows/language/schema-violations.ts';
import { liquidFields, Template, webhookUrlAllowed } from '../../../workflows/schema/index.ts';

const ALLOW = ['https://hooks.example.com/journeys/', 'https://crm.example.com/api/v2/events'];

describe('webhook urls', () => {
  test.each([
    ['https://hooks.example.com/journeys/welcome', 'under a prefix entry'],
    ['https://hooks.example.com/journeys/a/b?x=1', 'deeper, with a query'],
    ['https://HOOKS.example.com:443/journeys/welcome', 'the same origin written otherwise'],
    ['https://crm.example.com/api/v2/events', 'an exact entry'],
    ['https://crm.example.com/api/v2/events?customer=1', 'an exact entry with a query'],
  ])('%s is allowed (%s)', (url) => {
    expect(webhookUrlAllowed(url, ALLOW)).toBe(true);
  });

  test.each([
    ['https://hooks.example.com/journeysx/welcome', 'a path that only starts with the prefix text'],
    ['https://hooks.example.com/journeys/../admin', 'a path that climbs out of the prefix'],
    ['https://hooks.example.com:8443/journeys/welcome', 'another port'],
    ['http://hooks.example.com/journeys/welcome', 'another scheme'],
    ['https://hooks.example.com.attacker.example/journeys/', 'a host that only starts with the allowed one'],
    ['https://crm.example.com/api/v2/events/extra', 'below an exact entry'],
    ['https://evil.example/journeys/', 'another host'],
    ['not a url', 'not a URL'],
  ])('%s is not allowed (%s)', (url) => {
    expect(webhookUrlAllowed(url, ALLOW)).toBe(false);
  });

  test('an entry without a path allows that URL alone, as an entry not ending in "/" does', () => {
    const allow = ['https://hooks.example.com'];

    expect(webhookUrlAllowed('https://hooks.example.com', allow)).toBe(true);
    expect(webhookUrlAllowed('https://hooks.example.com/?ping=1', allow)).toBe(true);
    expect(webhookUrlAllowed('https://hooks.example.com/admin', allow)).toBe(false);
    expect(webhookUrlAllowed('https://hooks.example.com/journeys/welcome', allow)).toBe(false);
    expect(webhookUrlAllowed('https://hooks.example.com/admin', ['https://hooks.example.com/'])).toBe(true);
  });

  test('a webhook template takes a url and a Liquid body; only the body is Liquid', () => {
    const template = Template.parse({
      id: 'crm-sync',
      channel: 'webhook',
      url: 'https://crm.example.com/api/v2/events',
      body: '{{ customer.first_name | default: "friend" }}',
    });
    expect(liquidFields(template)).toEqual([
      { field: 'body', source: '{{ customer.first_name | default: "friend" }}' },
    ]);
  });

  test.each([
    [
      undefined,
      'schema.required',
      'is required: expected a URL as text, such as "https://hooks.example.com/journeys"',
    ],
    [
      'hooks.example.com/x',
      'schema.custom',
      'expected an absolute URL, such as "https://hooks.example.com/journeys"',
    ],
    [
      'ftp://hooks.example.com/x',
      'schema.custom',
      'expected an https URL, not ftp, such as "https://hooks.example.com/journeys"',
    ],
    [
      'http://hooks.example.com/x',
      'schema.custom',
      'expected https; plain http goes only to localhost or 127.0.0.1 (a local receiver), such as "https://hooks.example.com/journeys"',
    ],
    [
      'https://hooks.example.com/x#top',
      'schema.custom',
      'expected no "#" fragment; a fragment never reaches the receiver',
    ],
  ])('a webhook template with url %j is refused: %s', (url, code, message) => {
    const result = Template.safeParse(
      { id: 'crm-sync', channel: 'webhook', url, body: 'B' },
      { reportInput: true },
    );
    expect(schemaViolations(result.error?.issues ?? [])).toEqual([{ code, path: ['url'], message }]);
  });

  test('plain http to a local receiver is a valid url (the AWS runtime refuses it anyway)', () => {
    for (const url of [
      'http://127.0.0.1:9000/hooks',
      'http://localhost:9000/hooks',
      'http://[::1]:9000/hooks',
    ])
      expect(Template.safeParse({ id: 'local', channel: 'webhook', url, body: 'B' }).success).toBe(true);
  });
});
