import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CustomerProfile } from '../../../workflows/contracts/customer.ts';
import { compileTemplate } from '../../../workflows/messages/compile-template.ts';
import type { CompiledTemplate } from '../../../workflows/messages/compiled-template.ts';
import { renderMessage } from '../../../workflows/messages/render.ts';
import { messageScope } from '../../../workflows/messages/scope.ts';
import { Template } from '../../../workflows/schema/index.ts';

/** Liquid a customer could put in a profile attribute, each with what it would try. */
const INJECTED = JSON.parse(
  readFileSync(new URL('../../fixtures/templates/injected-values.json', import.meta.url), 'utf8'),
) as { why: string; value: string }[];

const EMAIL = 'victim@example.com';
const PHONE = '+8619900000001';

async function compiled(template: unknown): Promise<CompiledTemplate> {
  const result = await compileTemplate(Template.parse(template));
  if (!result.compiled) throw new Error(JSON.stringify(result.issues));
  return result.compiled;
}

function rendered(template: CompiledTemplate, firstName: string) {
  const profile = CustomerProfile.parse({
    customerId: 'c-1',
    createdAt: 0,
    email: EMAIL,
    phone: PHONE,
    attributes: { first_name: firstName },
  });
  const input = {
    profile,
    grantedAt: 0,
    journey: { id: 'welcome', name: 'Welcome' },
    stepId: 'send-hello',
    unsubscribeUrl: 'https://example.com/u?t=token',
  };
  return renderMessage(template, messageScope(input, template.attributes));
}

describe('Liquid in a profile value is text, never a template', () => {
  test.each(INJECTED)('$why: in an SMS, written as it is', async ({ value }) => {
    // Prepare
    const sms = await compiled({
      id: 'hi',
      channel: 'sms',
      body: 'Hi {{ customer.first_name | default: "there" }}!',
    });
    // Act
    const message = rendered(sms, value);
    // Assess: the value once, verbatim, and nothing the value names was looked up.
    expect(message.text).toBe(`Hi ${value}!`);
    expect(message.text).not.toContain(EMAIL);
    expect(message.text).not.toContain(PHONE);
    expect(message.text).not.toContain('HTTPS://');
  });

  test.each(INJECTED)(
    '$why: in an email, escaped in the HTML and verbatim in the subject',
    async ({ value }) => {
      // Prepare
      const email = await compiled({
        id: 'hello',
        channel: 'email',
        subject: 'Hello {{ customer.first_name | default: "there" }}',
        mjml: [
          '<mjml><mj-body><mj-section><mj-column>',
          '<mj-text>Hi {{ customer.first_name | default: "there" }}.</mj-text>',
          '<mj-text><a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>',
          '</mj-column></mj-section></mj-body></mjml>',
        ].join('\n'),
      });
      // Act
      const message = rendered(email, value);
      // Assess
      expect(message.subject).toBe(`Hello ${value}`);
      const escaped = value.replaceAll('&', '&amp;').replaceAll("'", '&#39;').replaceAll('"', '&#34;');
      expect(message.html).toContain(`Hi ${escaped.replaceAll('<', '&lt;').replaceAll('>', '&gt;')}.`);
      expect(`${message.subject}${message.html}${message.text}`).not.toContain(EMAIL);
      expect(`${message.subject}${message.html}${message.text}`).not.toContain(PHONE);
    },
  );
});
