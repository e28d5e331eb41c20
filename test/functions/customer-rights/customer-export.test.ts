import { describe, expect, test } from 'vitest';
import { exportOf } from '../../../functions/customer-rights/customer-export.ts';
import { CustomerExport } from '../../../functions/customer-rights/rights-schemas.ts';
import { holdingsOf } from '../../support/customer-holdings.ts';
import { documentedExportFields } from '../../support/documented-export.ts';

const NOW = Date.parse('2027-06-12T00:00:00Z');

describe('exportOf', () => {
  test('answers exactly the fields docs/data-in.md documents, in its order', () => {
    // Act
    const exported = CustomerExport.parse(exportOf(holdingsOf('c-1'), NOW));

    // Assess
    expect(Object.keys(exported)).toEqual(documentedExportFields());
    expect(Object.keys(CustomerExport.shape)).toEqual(documentedExportFields());
  });

  test("lists the customer's records, times in ISO 8601", () => {
    // Act
    const exported = exportOf(holdingsOf('c-1'), NOW);

    // Assess
    expect(exported.exportedAt).toBe('2027-06-12T00:00:00.000Z');
    expect(exported.profile).toMatchObject({ email: 'c-1@example.com', phone: '+15555550177' });
    expect(exported.consent).toEqual({ channels: { email: true, push: true }, unsubscribed: false });
    expect(exported.suppressions).toEqual([
      { channel: 'sms', reason: 'hard_bounce', at: '2027-06-11T00:33:00.000Z' },
    ]);
    expect(exported.devices.map((device) => device.endpointArn)).toEqual([
      'arn:aws:sns:r:1:endpoint/GCM/a/1',
      undefined,
    ]);
    expect(exported.lastEntries).toEqual([
      { journeyId: 'trail', at: '2027-06-11T00:33:00.000Z', eventId: 'e1', window: '2027-06-11T00:30' },
    ]);
    expect(exported.sends.map((send) => send.stepId)).toEqual(['email-1', 'email-2', 'email-2']);
    expect(exported.grants.map((grant) => [grant.once, grant.offerId])).toEqual([
      [true, 'gift-offer'],
      [false, undefined],
    ]);
    expect(exported.dailySends).toEqual([{ day: '2027-06-11', messages: 1 }]);
    expect(exported.messages[0]?.to).toBe('c-1@example.com');
    expect(exported.pushMessages).toEqual([
      {
        messageId: 'b1f4c0de-0000-5000-8000-000000000001',
        journeyId: 'trail',
        runId: 'trail-202706110030',
        stepId: 'push-1',
        platform: 'GCM',
        publishedAt: '2027-06-11T00:33:00.000Z',
      },
    ]);
  });

  test('of an id with nothing held: no profile, empty lists, and the erasure when there was one', () => {
    // Prepare
    const erased = { ...holdingsOf('c-2', 'nothing'), tombstone: { erasedAt: NOW, removed: {} } };

    // Act
    const exported = CustomerExport.parse(exportOf(erased, NOW));

    // Assess
    expect(exported.profile).toBeNull();
    expect(exported.consent).toBeNull();
    expect(exported.timeline).toEqual([]);
    expect(exported.erasure).toEqual({ erasedAt: '2027-06-12T00:00:00.000Z' });
  });
});
