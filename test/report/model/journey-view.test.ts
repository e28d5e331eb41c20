import { describe, expect, test } from 'vitest';
import { journeyView } from '../../../report/model/journey-view.ts';
import { aggregateRows } from '../../../report/model/step-rows.ts';
import { compareVariants } from '../../../workflows/statistics/comparisons.ts';
import { journeyStatistics } from '../../../workflows/statistics/journey-statistics.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';

const catalog = await catalogFromWorkspace('workflows', ['retouch-non-converters']);
const retouch = catalog.journeys.get('retouch-non-converters');
if (!retouch) throw new Error('the built-in retouch-non-converters journey is missing');

const row = (runId: string, stepId: string, variant: string, counts: Record<string, number>) => ({
  journeyId: retouch.id,
  runId,
  stepId,
  variant,
  counts,
});

/** Two runs of the re-touch: the journey's rows, its split's variants and two of its steps. */
const rows = aggregateRows([
  row('run-1', '$journey', 'treated', {
    entered: 500,
    ordered: 50,
    revenue: 5000,
    addedToCart: 120,
    offerCost: 600,
  }),
  row('run-2', '$journey', 'treated', {
    entered: 400,
    ordered: 40,
    revenue: 4000,
    addedToCart: 80,
    offerCost: 400,
  }),
  row('run-1', '$journey', 'holdout', {
    entered: 100,
    heldOut: 100,
    ordered: 5,
    revenue: 500,
    addedToCart: 20,
  }),
  row('run-1', 'split-offer', 'a', {
    assigned: 450,
    entered: 440,
    ordered: 60,
    revenue: 6000,
    addedToCart: 110,
  }),
  row('run-1', 'split-offer', 'b', {
    assigned: 450,
    entered: 445,
    ordered: 30,
    revenue: 3000,
    addedToCart: 90,
  }),
  row('run-1', 'send-flash-sale-pass', 'treated', { sent: 300, skippedConsent: 100, converted: 12 }),
  row('run-1', 'grant-flash-sale-pass', 'treated', { granted: 400, alreadyGranted: 40 }),
]);

describe("a journey's view from its funnel rows", () => {
  test('sums the journey rows over runs as the funnel does, and carries the same statistics', () => {
    // Act
    const view = journeyView(retouch, rows, { reached: 390, messageCost: 75 });

    // Assess
    expect(view.funnel).toMatchObject({
      entered: 1000,
      treated: 900,
      heldOut: 100,
      reached: 390,
      carted: 200,
      ordered: 90,
      revenue: 9000,
      holdoutOrdered: 5,
      holdoutCarted: 20,
      offerCost: 1000,
      messageCost: 75,
      converted: 12,
    });
    expect(view.statistics).toEqual(
      journeyStatistics({
        treated: { customers: 900, ordered: 90, revenue: 9000 },
        holdout: { customers: 100, ordered: 5, revenue: 500 },
        offerCost: 1000,
        messageCost: 75,
        holdoutPercent: 10,
      }),
    );
  });

  test('gives each variant its assigned members as the denominator, and compares them with the holdout and each other', () => {
    // Act
    const [split] = journeyView(retouch, rows).splits;

    // Assess
    expect(
      split?.variants.map((variant) => [variant.name, variant.assigned, variant.entered, variant.ordered]),
    ).toEqual([
      ['a', 450, 440, 60],
      ['b', 450, 445, 30],
    ]);
    expect(split?.comparisons).toEqual(
      compareVariants(
        [
          { name: 'a', customers: 450, converted: 60 },
          { name: 'b', customers: 450, converted: 30 },
        ],
        { name: 'holdout', customers: 100, converted: 5 },
      ),
    );
    expect(split?.comparisons.comparisons.map((each) => `${each.first} − ${each.second}`)).toEqual([
      'a − holdout',
      'b − holdout',
      'a − b',
    ]);
    expect(split?.comparisons.winner).toBe('a');
  });

  test('counts what each step handled and the messages of each send step by outcome', () => {
    // Act
    const view = journeyView(retouch, rows);
    const step = (id: string) => view.steps.find((candidate) => candidate.stepId === id);

    // Assess
    expect(step('send-flash-sale-pass')).toMatchObject({ handled: 400, converted: 12 });
    expect(step('grant-flash-sale-pass')?.handled).toBe(440);
    expect(step('split-offer')?.byVariant).toEqual([
      { variant: 'a', entered: 440 },
      { variant: 'b', entered: 445 },
    ]);
    expect(view.messages[0]).toMatchObject({
      stepId: 'send-flash-sale-pass',
      channel: 'sms',
      leftAtGoal: 12,
      outcomes: { sent: 300, skippedConsent: 100, deferredQuietHours: 0 },
    });
  });

  test('prices the messages from the sent counts when the simulation did not count them', () => {
    // Act
    const view = journeyView(retouch, rows);

    // Assess: 300 SMS at ¥0.25, one segment each.
    expect(view.funnel.messageCost).toBeCloseTo(75, 9);
    expect(view.funnel.reached).toBeUndefined();
  });
});
