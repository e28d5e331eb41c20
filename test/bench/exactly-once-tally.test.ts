import { describe, expect, test } from 'vitest';
import { type AcceptedEvent, tallyExactlyOnce } from '../../bench/exactly-once-tally.ts';

const accepted: AcceptedEvent[] = [
  { eventId: 'e1', customerId: 'c1' },
  { eventId: 'e2', customerId: 'c1', orderValue: 10.1 },
  { eventId: 'e3', customerId: 'c1', orderValue: 20.2 },
  { eventId: 'e4', customerId: 'c2' },
];

describe('the exactly-once tally of a load', () => {
  test('each accepted event with one timeline item, and profiles that add up, is a clean run', () => {
    // Act
    const tally = tallyExactlyOnce(accepted, {
      timelineItems: new Map([
        ['e1', 1],
        ['e2', 1],
        ['e3', 1],
        ['e4', 1],
      ]),
      profiles: new Map([
        ['c1', { orderCount: 2, totalSpend: 30.299999999999997 }],
        ['c2', { orderCount: 0, totalSpend: 0 }],
      ]),
    });

    // Assess
    expect(tally).toEqual({
      accepted: 4,
      appliedOnce: 4,
      lost: 0,
      doubled: 0,
      unaccepted: 0,
      counterMismatches: [],
    });
  });

  test('names an event with no item as lost, one with two as doubled, and items of an event never accepted', () => {
    // Act
    const tally = tallyExactlyOnce(accepted, {
      timelineItems: new Map([
        ['e1', 2],
        ['e2', 1],
        ['e3', 1],
        ['e9', 1],
      ]),
      profiles: new Map([
        ['c1', { orderCount: 2, totalSpend: 30.3 }],
        ['c2', { orderCount: 0, totalSpend: 0 }],
      ]),
    });

    // Assess
    expect(tally).toMatchObject({
      appliedOnce: 2,
      lost: 1,
      doubled: 1,
      unaccepted: 1,
      counterMismatches: [],
    });
  });

  test('a purchase applied twice shows in its customer’s counters, and a customer with no profile is named', () => {
    // Act: the retried purchase e3 overwrote its own timeline item, but its order was counted again.
    const tally = tallyExactlyOnce(accepted, {
      timelineItems: new Map([
        ['e1', 1],
        ['e2', 1],
        ['e3', 1],
        ['e4', 1],
      ]),
      profiles: new Map([['c1', { orderCount: 3, totalSpend: 50.5 }]]),
    });

    // Assess
    expect(tally.counterMismatches).toEqual([
      {
        customerId: 'c1',
        expected: { orderCount: 2, totalSpend: 30.299999999999997 },
        found: { orderCount: 3, totalSpend: 50.5 },
      },
      { customerId: 'c2', expected: { orderCount: 0, totalSpend: 0 } },
    ]);
  });
});
