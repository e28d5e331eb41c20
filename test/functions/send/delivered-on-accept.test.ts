import { describe, expect, test } from 'vitest';
import { withDeliveredOnAccept } from '../../../functions/send/delivered-on-accept.ts';

describe('counts delivered on acceptance', () => {
  test('a webhook or in_app send counts delivered as it counts sent, taken back with it', () => {
    expect(withDeliveredOnAccept('webhook', { sent: 3, rejected: 1 })).toEqual({
      sent: 3,
      rejected: 1,
      delivered: 3,
    });
    expect(withDeliveredOnAccept('in_app', { sent: -1, skippedConsent: 1 })).toEqual({
      sent: -1,
      skippedConsent: 1,
      delivered: -1,
    });
  });

  test('email, SMS and push wait for their delivery events, and counts without a send add nothing', () => {
    for (const channel of ['email', 'sms', 'push'] as const)
      expect(withDeliveredOnAccept(channel, { sent: 2 })).toEqual({ sent: 2 });
    expect(withDeliveredOnAccept('webhook', { redelivered: 2 })).toEqual({ redelivered: 2 });
  });
});
