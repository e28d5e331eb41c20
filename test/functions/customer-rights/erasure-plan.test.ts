import { describe, expect, test } from 'vitest';
import { isEmptyPlan, planErasure } from '../../../functions/customer-rights/erasure-plan.ts';
import { ErasureCounts } from '../../../functions/customer-rights/rights-schemas.ts';
import { holdingsOf } from '../../support/customer-holdings.ts';

describe('planErasure', () => {
  test('removes every record the holdings name, and counts each kind', () => {
    // Prepare
    const holdings = holdingsOf('c-1');

    // Act
    const plan = planErasure(holdings);

    // Assess
    expect(plan.profile).toBe(true);
    expect(plan.timeline).toEqual(holdings.timeline);
    expect(plan.partitionSortKeys).toEqual([
      'run#trail#trail-202706110030',
      'trail#trail#trail-202706110030',
      'sends#2027-06-11',
      'sns-message#b1f4c0de-0000-5000-8000-000000000001',
    ]);
    expect(plan.pushMessageIds).toEqual(['b1f4c0de-0000-5000-8000-000000000001']);
    expect(plan.passages).toEqual(holdings.passages);
    expect(plan.entries).toEqual(holdings.entries);
    expect(plan.phones).toEqual(['+15555550177']);
    expect(plan.outboxKeys).toEqual(['trail-202706110030/email-1/c-1']);
    expect(plan.inboxSortKeys).toHaveLength(2);
    expect(plan.removed).toEqual({
      profile: 1,
      timelineEvents: 1,
      partitionItems: 4,
      entries: 1,
      cohortPlaces: 1,
      signals: 1,
      sendRecords: 3,
      grants: 2,
      holdoutPassages: 1,
      deferredSends: 1,
      inboxItems: 2,
      devices: 2,
      phoneIndexEntries: 1,
      outboxMessages: 1,
      pushMessages: 1,
    });
    expect(Object.keys(plan.removed).sort()).toEqual(Object.keys(ErasureCounts.shape).sort());
  });

  test('deletes the SNS endpoint of each device that has one, and no other', () => {
    // Act
    const plan = planErasure(holdingsOf('c-1'));

    // Assess
    expect(plan.endpoints).toEqual(['arn:aws:sns:r:1:endpoint/GCM/a/1']);
  });

  test("renames each send log item's record once, however often it was read", () => {
    // Act
    const plan = planErasure(holdingsOf('c-1'));

    // Assess
    expect(plan.sendPlaces.map((place) => place.stepId)).toEqual(['email-1', 'email-2']);
  });

  test('a customer of whom nothing is held gives an empty plan; one with records does not', () => {
    // Act / Assess
    expect(isEmptyPlan(planErasure(holdingsOf('c-2', 'nothing')))).toBe(true);
    expect(isEmptyPlan(planErasure(holdingsOf('c-2')))).toBe(false);
    expect(
      isEmptyPlan(planErasure({ ...holdingsOf('c-2', 'nothing'), indexedPhones: ['+15555550100'] })),
    ).toBe(false);
  });

  test('the counts name no customer: the answer holds neither id, address nor number', () => {
    // Act
    const text = JSON.stringify(planErasure(holdingsOf('c-secret-9')).removed);

    // Assess
    expect(text).not.toContain('c-secret-9');
    expect(text).not.toContain('@');
    expect(text).not.toContain('+1555');
  });
});
