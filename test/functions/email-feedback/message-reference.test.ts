import { describe, expect, it } from 'vitest';
import { type EventTags, messageTags } from '../../../functions/commons/channels/message-tag.ts';
import { sendKey } from '../../../functions/commons/dynamo/keys.ts';
import { messageReference } from '../../../functions/email-feedback/message-reference.ts';

/** The message an SES event is about, read back from the tags the send gave it. */

const message = { journeyId: 'cart-nudge', runId: 'cart-nudge-202706110300', stepId: 'send-cart-coupon' };
const tagsOf = (
  customerId: string,
  key = sendKey(message.runId, message.stepId, customerId),
): Record<string, string[]> =>
  Object.fromEntries(messageTags({ ...message, idempotencyKey: key }).map((tag) => [tag.Name, [tag.Value]]));

describe('the message reference of an SES event', () => {
  it('reads back the key, journey, run, step and customer the send tagged, however long the key', () => {
    const longCustomer = `c-${'x'.repeat(120)}@shop`;

    for (const customerId of ['cust-1', longCustomer])
      expect(messageReference(tagsOf(customerId))).toEqual({
        idempotencyKey: sendKey(message.runId, message.stepId, customerId),
        ...message,
        customerId,
      });
  });

  it.each([
    { case: 'no key tags', tags: () => ({ journey: ['cart-nudge'] }), problem: 'no idempotency key' },
    {
      case: 'a key that is not a send key',
      tags: () => tagsOf('cust-1', 'not-a-send-key'),
      problem: 'not a send key',
    },
    {
      case: 'a key of more parts than a send key',
      tags: () => tagsOf('cust-1', 'run/step/cust/extra'),
      problem: 'not a send key',
    },
    {
      case: 'no journey tag',
      tags: () => {
        const { journey: _journey, ...rest } = tagsOf('cust-1');
        return rest;
      },
      problem: 'no journey tag',
    },
    {
      case: 'a step tag of another step',
      tags: () => ({ ...tagsOf('cust-1'), step: ['send-cart-reminder'] }),
      problem: 'the step tag is not the step',
    },
  ])('names no message for $case', ({ tags, problem }) => {
    expect(messageReference(tags() as EventTags)).toEqual({ problem: expect.stringContaining(problem) });
  });
});
