import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BUCKETS } from '../../functions/commons/dynamo/keys.ts';
import { countsOfDay, journeyTotals } from '../../simulation/daily-counts.ts';
import { runSimulation } from '../../simulation/simulate.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';

describe('daily counts', () => {
  test("a day's counts are the totals now less what the days before counted", () => {
    // Prepare
    const first = countsOfDay(
      1,
      Date.parse('2027-06-10T16:00:00Z'),
      { 'cart-nudge': { entered: 5, ordered: 1 } },
      [],
    );

    // Act
    const second = countsOfDay(
      2,
      Date.parse('2027-06-11T16:00:00Z'),
      { 'cart-nudge': { entered: 12, ordered: 4 } },
      [first],
    );

    // Assess
    expect(first).toEqual({
      day: 1,
      from: '2027-06-10T16:00:00.000Z',
      journeys: { 'cart-nudge': { entered: 5, ordered: 1 } },
    });
    expect(second.journeys['cart-nudge']).toEqual({ entered: 7, ordered: 3 });
  });

  test("a journey's totals count everyone who entered and the treated orders, from its journey rows only", () => {
    // Act
    const totals = journeyTotals([
      {
        journeyId: 'j',
        runId: 'r',
        stepId: '$journey',
        variant: 'treated',
        counts: { entered: 9, ordered: 3 },
      },
      {
        journeyId: 'j',
        runId: 'r',
        stepId: '$journey',
        variant: 'holdout',
        counts: { entered: 1, ordered: 1 },
      },
      { journeyId: 'j', runId: 'r', stepId: 'split', variant: 'a', counts: { entered: 4, ordered: 2 } },
    ]);

    // Assess
    expect(totals).toEqual({ entered: 10, ordered: 3 });
  });

  test("a simulation records each day, and reading them is not counted as the campaign's operations", async () => {
    // Prepare: carts on the first and second day.
    const file = join(mkdtempSync(join(tmpdir(), 'journeys-daily-')), 'events.jsonl');
    const cart = (eventId: string, customerId: string, at: string) =>
      JSON.stringify({ eventId, customerId, name: 'add_to_cart', at, properties: { cartValue: 120 } });
    writeFileSync(
      file,
      [cart('d1', 'c00001', '2027-06-11T03:00:00Z'), cart('d2', 'c00002', '2027-06-12T03:00:00Z')].join('\n'),
    );

    // Act
    const result = await runSimulation({
      catalog: await catalogFromWorkspace('workflows', ['cart-nudge']),
      customers: 5,
      days: 3,
      seed: 1,
      startAt: Date.parse('2027-06-10T16:00:00Z'),
      eventsFile: file,
    });

    // Assess
    expect(result.daily.map((day) => day.journeys['cart-nudge']?.entered)).toEqual([1, 1, 0]);
    expect(result.daily.map((day) => day.from)).toEqual([
      '2027-06-10T16:00:00.000Z',
      '2027-06-11T16:00:00.000Z',
      '2027-06-12T16:00:00.000Z',
    ]);
    // The driver's own reads are the funnel's, once at the end: one query per bucket of the tasks' rows and of the rows from events.
    expect(result.operations.byPayer.uncharged?.dynamo.requests).toBe(2 * BUCKETS.funnel);
  });
});
