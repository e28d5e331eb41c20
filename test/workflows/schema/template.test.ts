import { describe, expect, test } from 'vitest';
import { schemaViolations } from '../../../workflows/language/schema-violations.ts';
import { liquidFields, Template } from '../../../workflows/schema/index.ts';

const email = {
  id: 'hello',
  channel: 'email',
  subject: 'Hi {{ customer.first_name | default: "there" }}',
  mjml: '<mjml><mj-body></mj-body></mjml>',
};

describe('the template schema', () => {
  test('an email takes a subject, an MJML body and an optional text part; its Liquid fields are those three', () => {
    // Act
    const parsed = Template.parse({ ...email, text: 'Hi {{ unsubscribe_url }}' });

    // Assess
    expect(liquidFields(parsed).map((field) => field.field)).toEqual(['subject', 'mjml', 'text']);
  });

  test('push and in-app messages take an optional title; SMS and webhooks a body alone', () => {
    expect(liquidFields(Template.parse({ id: 'p', channel: 'push', subject: 'T', body: 'B' }))).toEqual([
      { field: 'subject', source: 'T' },
      { field: 'body', source: 'B' },
    ]);
    expect(liquidFields(Template.parse({ id: 'i', channel: 'in_app', body: 'B' }))).toEqual([
      { field: 'body', source: 'B' },
    ]);
    expect(Template.safeParse({ id: 's', channel: 'sms', subject: 'T', body: 'B' }).success).toBe(false);
  });

  test('an email written with a body instead of MJML is refused on both fields', () => {
    // Act
    const result = Template.safeParse(
      { id: 'e', channel: 'email', subject: 'S', body: 'B' },
      { reportInput: true },
    );

    // Assess
    expect(result.success).toBe(false);
    expect(
      schemaViolations(result.error?.issues ?? []).map((violation) => [violation.code, violation.path]),
    ).toEqual([
      ['schema.required', ['mjml']],
      ['schema.unknown_field', ['body']],
    ]);
  });

  test('an empty field says which part is empty', () => {
    const result = Template.safeParse({ id: 'e', channel: 'sms', body: '' });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['expected a non-empty body']);
  });
});
