import { describe, expect, test } from 'vitest';
import { loadDotRenderer } from '../../../report/html/diagram.ts';
import { renderReport } from '../../../report/html/report-page.ts';
import { journeyView } from '../../../report/model/journey-view.ts';
import { aggregateRows } from '../../../report/model/step-rows.ts';
import { Journey } from '../../../workflows/schema/index.ts';

const renderDot = await loadDotRenderer();

/** A mid-journey holdout step: a fifth of those reaching it stop there. */
const midway = Journey.parse({
  id: 'midway',
  name: 'Midway',
  description: 'Two pushes with a holdout step between them.',
  version: 1,
  trigger: { kind: 'event', event: 'add_to_cart' },
  steps: [
    { id: 'first-push', kind: 'send', channel: 'push', template: 'cart-push' },
    { id: 'hold-some', kind: 'holdout', percent: 20 },
    { id: 'second-push', kind: 'send', channel: 'push', template: 'cart-push' },
  ],
});

const row = (stepId: string, variant: string, counts: Record<string, number>) => ({
  journeyId: midway.id,
  runId: 'r',
  stepId,
  variant,
  counts,
});
const rows = aggregateRows([
  row('$journey', 'treated', { entered: 5000, ordered: 700 }),
  row('hold-some', 'treated', { entered: 4000, ordered: 600, revenue: 60_000 }),
  row('hold-some', 'holdout', { entered: 1000, heldOut: 1000, ordered: 100, revenue: 9_000 }),
]);

describe('a holdout step in the report', () => {
  test('the model gives each holdout step its groups and the lift of the steps after it', () => {
    // Act
    const [step, ...others] = journeyView(midway, rows).holdoutSteps;

    // Assess: 15% of those who went on ordered, 10% of those held out.
    expect(others).toEqual([]);
    expect(step).toMatchObject({
      stepId: 'hold-some',
      percent: 20,
      treated: { customers: 4000, ordered: 600, revenue: 60_000 },
      holdout: { customers: 1000, ordered: 100, revenue: 9_000 },
    });
    expect(step?.statistics.lift?.estimate).toBeCloseTo(0.05, 10);
    expect(step?.statistics.lift?.significant).toBe(true);
  });

  test('the page shows both groups of the step and the lift, significant', () => {
    // Act
    const page = renderReport(
      { title: 'Midway', source: 'From a test.', journeys: [journeyView(midway, rows)] },
      renderDot,
    );

    // Assess
    const table = page.slice(page.indexOf('data-table="holdout-steps"'));
    const body = table.slice(0, table.indexOf('</table>'));
    expect(body).toContain('hold-some: went on');
    expect(body).toContain('hold-some: held out (20%)');
    expect(body).toContain('4,000');
    expect(body).toContain('1,000');
    expect(body).toMatch(/\+5\.0 pts \(95% CI \+[\d.]+ pts to \+[\d.]+ pts\), significant/);
  });

  test('a journey without a holdout step has no such table', () => {
    // Act
    const plain = Journey.parse({ ...midway, steps: [midway.steps[0]] });
    const page = renderReport(
      { title: 'Plain', source: 'From a test.', journeys: [journeyView(plain, rows)] },
      renderDot,
    );

    // Assess
    expect(journeyView(plain, rows).holdoutSteps).toEqual([]);
    expect(page).not.toContain('data-table="holdout-steps"');
  });
});
