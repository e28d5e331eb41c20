import { describe, expect, test } from 'vitest';
import { CustomerProfile } from '../../../workflows/contracts/customer.ts';
import { renderMessage } from '../../../workflows/messages/render.ts';
import { SAMPLE_CUSTOMER } from '../../../workflows/messages/sample-customer.ts';
import { messageScope } from '../../../workflows/messages/scope.ts';
import { compileWorkspace } from '../../../workflows/workspace/compile-workspace.ts';

const workspace = await compileWorkspace('workflows');

/** Every send step of the built-in journeys, with the offer it presents. */
const sends = workspace.journeys.flatMap(({ journey }) =>
  journey.steps.flatMap((step) =>
    step.kind === 'send'
      ? [
          {
            title: `${journey.id}/${step.id}`,
            journey,
            step,
            offer: step.offer ? workspace.catalog.offers.get(step.offer) : undefined,
          },
        ]
      : [],
  ),
);

const NO_NAME = CustomerProfile.parse({ customerId: 'c-2', createdAt: 0 });

describe('the built-in templates', () => {
  test('validate without a violation or a warning, and all compile', () => {
    expect(workspace.violations).toEqual([]);
    expect(workspace.warnings).toEqual([]);
    expect([...workspace.templates.keys()].sort()).toEqual([...workspace.catalog.templates.keys()].sort());
  });

  test.each(sends.map((send) => [send.title, send] as const))(
    '%s renders for a customer with a name and one without, leaving no Liquid behind',
    (_title, { journey, step, offer }) => {
      const template = workspace.templates.get(step.template);
      if (!template) throw new Error(`no compiled template ${step.template}`);
      for (const profile of [SAMPLE_CUSTOMER, NO_NAME]) {
        // Act
        const message = renderMessage(
          template,
          messageScope(
            {
              profile,
              offer,
              grantedAt: Date.parse('2027-06-11T02:00:00Z'),
              journey,
              stepId: step.id,
              unsubscribeUrl: 'https://example.com/unsubscribe/token',
            },
            template.attributes,
          ),
        );

        // Assess
        const parts = [message.subject ?? '', message.text, message.html ?? ''];
        for (const part of parts) expect(part).not.toMatch(/\{\{|\{%|undefined|null/);
        if (profile === SAMPLE_CUSTOMER) expect(message.text).toMatch(/\bAna\b/);
        if (offer?.kind === 'coupon' && /amount/.test(JSON.stringify(template)))
          expect(parts.join(' ')).toContain(`¥${offer.amount}`);
        if (step.channel === 'email') {
          expect(message.html).toContain('href="https://example.com/unsubscribe/token"');
          expect(message.text).toContain('https://example.com/unsubscribe/token');
        }
      }
    },
  );
});
