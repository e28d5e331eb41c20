import { describe, expect, test } from 'vitest';
import type { OutgoingMessage } from '../../../../functions/commons/channels/channel-adapter.ts';
import {
  joiningParts,
  outcomePerMessage,
  partsForPacing,
  wholeMessages,
} from '../../../../functions/commons/channels/paced-parts.ts';

const device = (name: string, endpoint = true) => ({
  platform: 'fcm' as const,
  token: `fcm-token-${name}`,
  registeredAt: 0,
  ...(endpoint ? { endpointArn: `arn:aws:sns:us-east-1:111122223333:endpoint/GCM/shop/${name}` } : {}),
});
const push = (customerId: string, devices: ReturnType<typeof device>[]): OutgoingMessage => ({
  idempotencyKey: `run-1/send-welcome/${customerId}`,
  channel: 'push',
  customerId,
  journeyId: 'push-twice',
  runId: 'run-1',
  stepId: 'send-welcome',
  template: 'push-welcome',
  body: 'Welcome',
  devices,
  at: 0,
});

describe('push paced per provider call', () => {
  test('a paced push is one part per device with an endpoint; unpaced, or with one endpoint, it stays whole', () => {
    const three = push('a', [device('a1'), device('a2'), device('a3', false)]);
    const one = push('b', [device('b1')]);

    expect(
      partsForPacing([three, one], { push: 4 }).map((part) => part.devices?.map((d) => d.token)),
    ).toEqual([['fcm-token-a1'], ['fcm-token-a2'], ['fcm-token-b1']]);
    expect(partsForPacing([three, one], { email: 4 })).toEqual([three, one]);
  });

  test('the parts of a message in one batch reach the channel as one message with their devices', async () => {
    const [first, second] = partsForPacing([push('a', [device('a1'), device('a2')])], { push: 4 });
    const handed: OutgoingMessage[][] = [];
    const joined = joiningParts({
      async deliver(messages) {
        handed.push([...messages]);
        return [];
      },
    });

    await joined.deliver([first as OutgoingMessage, second as OutgoingMessage]);

    expect(handed.map((batch) => batch.map((message) => message.devices?.length))).toEqual([[2]]);
  });

  test("a message's outcome: accepted if any part was, with every gone device; else the first rejection", () => {
    const key = (customerId: string) => `run-1/send-welcome/${customerId}`;
    expect(
      outcomePerMessage([
        { idempotencyKey: key('a'), status: 'rejected', reason: 'gone', goneDevices: ['t1'] },
        { idempotencyKey: key('a'), status: 'accepted', providerMessageId: 'm-2' },
        { idempotencyKey: key('b'), status: 'rejected', reason: 'first' },
        { idempotencyKey: key('b'), status: 'rejected', reason: 'second', goneDevices: ['t3'] },
      ]),
    ).toEqual([
      { idempotencyKey: key('a'), status: 'accepted', providerMessageId: 'm-2', goneDevices: ['t1'] },
      { idempotencyKey: key('b'), status: 'rejected', reason: 'first', goneDevices: ['t3'] },
    ]);
  });

  test('a message with a part past the wait is deferred whole, at the first slot of its parts', () => {
    const [a1, a2, a3] = partsForPacing([push('a', [device('a1'), device('a2'), device('a3')])], { push: 4 });
    const b = push('b', [device('b1')]);

    const whole = wholeMessages(
      [
        { item: a1 as OutgoingMessage, at: 39_500 },
        { item: a2 as OutgoingMessage, at: 39_750 },
        { item: b, at: 39_250 },
      ],
      [{ message: a3 as OutgoingMessage, slot: 40_000, dueAt: 1_000 }],
      1_000,
    );

    expect(whole.now.map(({ item }) => item.customerId)).toEqual(['b']);
    expect(whole.deferrals.map(({ message, slot, dueAt }) => [message.customerId, slot, dueAt])).toEqual([
      ['a', 39_500, 1_000],
    ]);
  });
});
