import { describe, expect, test } from 'vitest';
import { CustomerProfile } from '../../../workflows/contracts/customer.ts';
import { compileTemplate } from '../../../workflows/messages/compile-template.ts';
import type { CompiledTemplate } from '../../../workflows/messages/compiled-template.ts';
import { renderMessage } from '../../../workflows/messages/render.ts';
import { type MessageInput, messageScope } from '../../../workflows/messages/scope.ts';
import { Template } from '../../../workflows/schema/index.ts';

const input = (profile: Partial<CustomerProfile>): MessageInput => ({
  profile: CustomerProfile.parse({ customerId: 'c-1', createdAt: 0, ...profile }),
  grantedAt: 0,
  journey: { id: 'welcome', name: 'Welcome' },
  stepId: 'send-hello',
  unsubscribeUrl: 'https://example.com/u?c=c-1&ch=email',
});

async function compiled(template: unknown): Promise<CompiledTemplate> {
  const result = await compileTemplate(Template.parse(template));
  if (!result.compiled) throw new Error(JSON.stringify(result.issues));
  return result.compiled;
}

const email = {
  id: 'hello',
  channel: 'email',
  subject: 'Hello {{ customer.first_name | default: "there" }}',
  mjml: [
    '<mjml><mj-body><mj-section><mj-column>',
    '<mj-text>Hi {{ customer.first_name | default: "there" }} from {{ journey.name }}.</mj-text>',
    '<mj-text><a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>',
    '</mj-column></mj-section></mj-body></mjml>',
  ].join('\n'),
};

describe('renderMessage', () => {
  test('an email has its subject, its HTML with no MJML left, and a text part read off the HTML', async () => {
    // Act
    const message = renderMessage(
      await compiled(email),
      messageScope(input({ attributes: { first_name: 'Ana' } })),
    );

    // Assess
    expect(message.subject).toBe('Hello Ana');
    expect(message.html).toContain('Hi Ana from Welcome.');
    expect(message.html).not.toContain('<mj-');
    expect(message.text).toBe('Hi Ana from Welcome.\n\nUnsubscribe [https://example.com/u?c=c-1&ch=email]');
  });

  test('profile values are escaped in the HTML and written as they are in the text and subject', async () => {
    // Act
    const message = renderMessage(
      await compiled(email),
      messageScope(input({ attributes: { first_name: '<b>Al & Bo</b>' } })),
    );

    // Assess
    expect(message.subject).toBe('Hello <b>Al & Bo</b>');
    expect(message.html).toContain('Hi &lt;b&gt;Al &amp; Bo&lt;/b&gt; from');
    expect(message.html).toContain('href="https://example.com/u?c=c-1&amp;ch=email"');
    expect(message.text).toContain('Hi <b>Al & Bo</b> from');
  });

  test('a missing first name takes its default', async () => {
    const message = renderMessage(await compiled(email), messageScope(input({})));
    expect(message.subject).toBe('Hello there');
  });

  test('an attribute the template reads renders as nothing when a profile lacks it, instead of failing', async () => {
    // Prepare
    const sms = await compiled({
      id: 'city',
      channel: 'sms',
      body: 'Deals in [{{ customer.attributes.city }}]',
    });

    // Act & Assess
    expect(sms.attributes).toEqual(['city']);
    expect(renderMessage(sms, messageScope(input({}), sms.attributes)).text).toBe('Deals in []');
    expect(
      renderMessage(sms, messageScope(input({ attributes: { city: 'Hangzhou' } }), sms.attributes)).text,
    ).toBe('Deals in [Hangzhou]');
  });

  test('an email with its own text part keeps it, and a push message its title', async () => {
    const withText = await compiled({ ...email, text: 'Plain {{ customer.id }}: {{ unsubscribe_url }}' });
    expect(renderMessage(withText, messageScope(input({}))).text).toBe(
      'Plain c-1: https://example.com/u?c=c-1&ch=email',
    );
    const push = await compiled({
      id: 'p',
      channel: 'push',
      subject: 'For {{ customer.id }}',
      body: 'Tier {{ customer.tier | default: "none" }}',
    });
    expect(renderMessage(push, messageScope(input({ tier: 'H' })))).toEqual({
      subject: 'For c-1',
      text: 'Tier H',
    });
  });

  test('a name no template may use fails the render: the strict engine never shows an empty gap', () => {
    // Prepare: a compiled template written by hand, past validation
    const unchecked: CompiledTemplate = {
      id: 'x',
      channel: 'sms',
      text: 'Hi {{ customer.nickname }}',
      attributes: [],
    };

    // Act & Assess
    expect(() => renderMessage(unchecked, messageScope(input({})))).toThrow(
      'undefined variable: customer.nickname',
    );
  });

  test.each([
    ['a loop over a huge range', '{% for i in (1..100000000) %}x{% endfor %}'],
    [
      'a value doubled in a loop',
      '{% assign s = "xx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}',
    ],
  ])('%s fails its render at the memory limit instead of stalling', async (_, body) => {
    // Prepare
    const template = await compiled({ id: 'greedy', channel: 'sms', body });

    // Act
    const rendering = () => renderMessage(template, messageScope(input({})));

    // Assess
    expect(rendering).toThrow(/memory alloc limit exceeded/);
  });
});
