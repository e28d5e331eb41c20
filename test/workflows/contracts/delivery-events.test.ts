import { describe, expect, it } from 'vitest';
import { sendKey } from '../../../functions/commons/dynamo/keys.ts';
import { zodProblems } from '../../../functions/commons/runtime/zod-problems.ts';
import { CustomerEvent, KNOWN_EVENTS } from '../../../workflows/contracts/customer.ts';
import { DELIVERY_EVENTS, messageKeyOf } from '../../../workflows/contracts/delivery-events.ts';

/** The delivery events in the customer event schema: each names its message, which must be its customer's. */

const message = { journeyId: 'cart-nudge', runId: 'cart-nudge-202706110300', stepId: 'send-cart-coupon' };
const bounce = (change: (properties: Record<string, unknown>) => void = () => {}) => {
  const properties: Record<string, unknown> = {
    idempotencyKey: sendKey(message.runId, message.stepId, 'cust-1'),
    ...message,
    bounceType: 'hard',
  };
  change(properties);
  return {
    eventId: 'ses:m-1:email_bounced',
    customerId: 'cust-1',
    at: '2027-06-12T02:00:00Z',
    name: 'email_bounced',
    properties,
  };
};
const problemsOf = (raw: unknown) => {
  const result = CustomerEvent.safeParse(raw, { reportInput: true });
  return result.success ? [] : zodProblems(result.error);
};

describe('delivery events', () => {
  it('makes message keys the way the send step does', () => {
    expect(messageKeyOf('run-1', 'send-coupon', 'cust@1')).toBe(sendKey('run-1', 'send-coupon', 'cust@1'));
  });

  it('are known events, each accepted with its message reference', () => {
    expect(KNOWN_EVENTS).toEqual(expect.arrayContaining([...DELIVERY_EVENTS]));
    for (const name of DELIVERY_EVENTS) {
      const event = { ...bounce(), name, properties: { ...bounce().properties } };
      if (name !== 'email_bounced') delete event.properties.bounceType;
      expect(problemsOf(event), name).toEqual([]);
    }
    expect(
      problemsOf({
        ...bounce(),
        name: 'email_clicked',
        properties: {
          ...message,
          idempotencyKey: bounce().properties.idempotencyKey,
          link: 'https://shop.example.com/',
        },
      }),
    ).toEqual([]);
  });

  it.each([
    {
      case: 'a bounce type SES uses instead of ours',
      event: bounce((properties) => {
        properties.bounceType = 'Permanent';
      }),
      path: 'properties.bounceType',
      expects: 'expected bounceType "hard"',
    },
    {
      case: "another customer's message",
      event: bounce((properties) => {
        properties.idempotencyKey = sendKey(message.runId, message.stepId, 'cust-2');
      }),
      path: 'properties.idempotencyKey',
      expects: "idempotency key of this customer's message",
    },
    {
      case: 'a message of another step than it names',
      event: bounce((properties) => {
        properties.stepId = 'send-cart-reminder';
      }),
      path: 'properties.idempotencyKey',
      expects: '"<runId>/<stepId>/<customerId>"',
    },
    {
      case: 'no run id',
      event: bounce((properties) => {
        delete properties.runId;
      }),
      path: 'properties.runId',
      expects: 'is required',
    },
    {
      case: 'an event name neither known nor snake_case',
      event: { ...bounce(), name: 'Email Forwarded' },
      path: 'name',
      expects: 'email_delivered, email_bounced, email_complained, email_opened, email_clicked',
    },
  ])('refuses $case, naming the field', ({ event, path, expects }) => {
    const problems = problemsOf(event);

    expect(problems).toEqual([{ path, message: expect.stringContaining(expects) }]);
  });
});
