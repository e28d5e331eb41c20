import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  type AcceptedEvent,
  type ExactlyOnceTally,
  tallyExactlyOnce,
} from '../../bench/exactly-once-tally.ts';

/** A state of the tables after the load: timeline items per event id, counters per customer. */
interface Case {
  readonly case: string;
  readonly timelineItems: Record<string, number>;
  readonly profiles: Record<string, { orderCount: number; totalSpend: number }>;
  readonly expected: ExactlyOnceTally;
}

const table = JSON.parse(
  readFileSync(new URL('../fixtures/bench/exactly-once-tally.json', import.meta.url), 'utf8'),
) as { accepted: AcceptedEvent[]; cases: Case[] };

describe('the exactly-once tally of a load', () => {
  test.each(table.cases)('$case', ({ timelineItems, profiles, expected }) => {
    // Act
    const tally = tallyExactlyOnce(table.accepted, {
      timelineItems: new Map(Object.entries(timelineItems)),
      profiles: new Map(Object.entries(profiles)),
    });

    // Assess
    expect(tally).toEqual(expected);
  });
});
