import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { unsubscribeKey } from '../../../functions/commons/channels/unsubscribe-token.ts';
import { parseConfig } from '../../../functions/commons/runtime/config.ts';
import { composeMessage } from '../../../functions/send/compose-message.ts';
import type { PendingSend } from '../../../functions/send/send.ts';
import { CustomerProfile } from '../../../workflows/contracts/customer.ts';
import type { SendStep } from '../../../workflows/schema/index.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';

const deps = {
  catalog: await catalogFromWorkspace('workflows'),
  config: parseConfig({
    CUSTOMERS_TABLE: 'customers',
    EVENTS_TABLE: 'events',
    STATE_TABLE: 'state',
    UNSUBSCRIBE_BASE_URL: 'https://api.example.com/',
  }),
  unsubscribeKey: unsubscribeKey(randomBytes(32)),
};
const LINK = /^https:\/\/api\.example\.com\/unsubscribe\?token=[\w.-]+$/;

function sendOf(journeyId: string, stepId: string): PendingSend {
  const step = deps.catalog.journeys.get(journeyId)?.steps.find((candidate) => candidate.id === stepId);
  if (step?.kind !== 'send') throw new Error(`no send step ${journeyId}/${stepId}`);
  return {
    journeyId,
    runId: 'run-1',
    step: step as SendStep,
    customerId: 'c-1',
    cohortId: 'cohort-1',
    shard: 0,
  };
}

const profile = CustomerProfile.parse({
  customerId: 'c-1',
  createdAt: 0,
  email: 'ana@example.com',
  timezone: 'Asia/Shanghai',
  attributes: { first_name: 'Ana' },
});
const NOW = Date.parse('2027-06-10T02:00:00Z');

describe('composeMessage', () => {
  test('an email goes to the profile address with its subject, text and HTML parts and the unsubscribe link', () => {
    // Act
    const message = composeMessage(sendOf('cart-nudge', 'send-cart-coupon'), profile, 'key-1', NOW, deps, {
      grantedAt: Date.parse('2027-06-09T02:00:00Z'),
    });

    // Assess
    expect(message).toMatchObject({
      idempotencyKey: 'key-1',
      channel: 'email',
      to: 'ana@example.com',
      subject: '¥15 off the items in your cart',
      unsubscribeUrl: expect.stringMatching(LINK),
      offer: 'cart-coupon-15',
      at: NOW,
    });
    expect(message.body).toContain('Hi Ana,');
    // Three days from the grant, on the customer's clock.
    expect(message.body).toContain('valid until 12 June, 10:00');
    expect(message.body).toContain(`Unsubscribe [${message.unsubscribeUrl}]`);
    expect(message.html).toContain(`href="${message.unsubscribeUrl}"`);
  });

  test('a coupon granted at the send expires counting from the send', () => {
    const message = composeMessage(sendOf('cart-nudge', 'send-cart-coupon'), profile, 'key-1', NOW, deps);
    expect(message.body).toContain('valid until 13 June, 10:00');
  });

  test('an SMS carries its text alone, with no HTML, and no address when the profile has no phone', () => {
    // Act
    const message = composeMessage(
      sendOf('first-purchase-gift', 'send-gift-reminder'),
      profile,
      'key-2',
      NOW,
      deps,
    );

    // Assess
    expect(message.body).toBe(
      "Ana, your ¥20 first-order gift expires in 3 days. Use it before it's gone. Reply TD to unsubscribe.",
    );
    expect(message).not.toHaveProperty('to');
    expect(message).not.toHaveProperty('html');
  });

  test('a redelivery whose profile is gone renders from the customer id, with the defaults', () => {
    const message = composeMessage(sendOf('cart-nudge', 'send-cart-reminder'), undefined, 'key-3', NOW, deps);
    expect(message.body).toMatch(/^Hi, the items in your cart/);
    expect(message.subject).toBe('Still thinking it over?');
  });

  test('a step whose template the catalog lacks is refused, naming it', () => {
    const send = sendOf('cart-nudge', 'send-cart-reminder');
    const broken = { ...send, step: { ...send.step, template: 'gone' } };
    expect(() => composeMessage(broken, profile, 'key-4', NOW, deps)).toThrow(
      'the catalog has no template "gone"',
    );
  });
});
