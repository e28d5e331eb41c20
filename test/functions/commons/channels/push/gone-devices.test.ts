import { describe, expect, test } from 'vitest';
import type { OutgoingMessage } from '../../../../../functions/commons/channels/channel-adapter.ts';
import { goneDeviceEvents } from '../../../../../functions/commons/channels/push/gone-devices.ts';
import { CustomerEvent } from '../../../../../workflows/contracts/customer.ts';

const NOW = Date.parse('2027-06-11T11:02:00Z');
const message = (customerId: string, runId = 'run-1'): OutgoingMessage => ({
  idempotencyKey: `${runId}/send-welcome/${customerId}`,
  channel: 'push',
  customerId,
  journeyId: 'push-twice',
  runId,
  stepId: 'send-welcome',
  template: 'push-welcome',
  body: 'Welcome',
  at: NOW,
});

describe('the events that unregister gone push devices', () => {
  test('are valid device_unregistered events of the customer, one per gone token, none for the others, dated when the message was composed', () => {
    // Prepare
    const messages = [message('lin'), message('wei')];
    const outcomes = [
      {
        idempotencyKey: messages[0]?.idempotencyKey ?? '',
        status: 'accepted' as const,
        goneDevices: ['fcm-token-a', 'fcm-token-b'],
      },
      { idempotencyKey: messages[1]?.idempotencyKey ?? '', status: 'accepted' as const },
    ];

    // Act
    const events = goneDeviceEvents(messages, outcomes);

    // Assess
    const parsed = events.map((event) => CustomerEvent.parse(event));
    expect(
      parsed.map(({ customerId, name, at, properties }) => ({ customerId, name, at, properties })),
    ).toEqual([
      {
        customerId: 'lin',
        name: 'device_unregistered',
        at: '2027-06-11T11:02:00.000Z',
        properties: { token: 'fcm-token-a', reason: 'endpoint_disabled' },
      },
      {
        customerId: 'lin',
        name: 'device_unregistered',
        at: '2027-06-11T11:02:00.000Z',
        properties: { token: 'fcm-token-b', reason: 'endpoint_disabled' },
      },
    ]);
    expect(new Set(parsed.map((event) => event.eventId)).size).toBe(2);
  });

  test("a retried message's report keeps its event ids, so ingest takes it as a duplicate; a later message's is new", () => {
    // Prepare
    const gone = (sent: OutgoingMessage) => [
      {
        idempotencyKey: sent.idempotencyKey,
        status: 'rejected' as const,
        reason: 'x',
        goneDevices: ['fcm-token-a'],
      },
    ];
    const first = message('lin');
    const later = message('lin', 'run-2');

    // Act
    const [original] = goneDeviceEvents([first], gone(first)) as { eventId: string }[];
    const retriedAt = { ...first, at: NOW + 60_000 };
    const [retried] = goneDeviceEvents([retriedAt], gone(retriedAt)) as { eventId: string }[];
    const [next] = goneDeviceEvents([later], gone(later)) as { eventId: string }[];

    // Assess
    expect(retried?.eventId).toBe(original?.eventId);
    expect(next?.eventId).not.toBe(original?.eventId);
  });
});
