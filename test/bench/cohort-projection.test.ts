import { describe, expect, test } from 'vitest';
import { type JourneyWork, projectByJourney, projectJourney } from '../../bench/cohort-projection.ts';
import type { MeasuredCounts } from '../../pricing/cost-model.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';

const journeys = (await catalogFromWorkspace('workflows')).journeys;

const counts = (work: Record<string, JourneyWork>): MeasuredCounts => {
  const sum = (field: 'standardTransitions' | 'expressChildren') =>
    Object.values(work).reduce((total, journey) => total + journey[field], 0);
  return {
    standardTransitions: sum('standardTransitions'),
    expressChildren: sum('expressChildren'),
    expressTransitions: sum('expressChildren'),
    lambdaInvocations: { 'start-cohorts': 240, send: sum('expressChildren'), fork: 10, 'ingest-events': 100 },
    dynamo: { readCapacity: 1_000, writeCapacity: 2_000, providerWriteCapacity: 100 },
    events: 100,
  };
};

describe('projectByJourney', () => {
  test('a scheduled journey keeps its transitions and its Map children grow with its shards', () => {
    // Prepare: preheat-618 ran 6 executions for 10,000 customers
    const work = {
      'preheat-618': { executions: 6, standardTransitions: 55, expressChildren: 463, entered: 8_517 },
    };
    // Act
    const projected = projectByJourney({ counts: counts(work), customers: 10_000, days: 10, journeys, work });
    // Assess
    expect(projected.standardTransitions).toBe(55);
    expect(projected.expressChildren).toBeCloseTo(46_300, 6);
  });

  test('an event journey forms at most one cohort per window; past that, cohorts grow shards instead', () => {
    // Prepare: cart-nudge (1-hour windows) filled all 240 windows of 10 days with 4,468 entries
    const work = {
      'cart-nudge': { executions: 240, standardTransitions: 1_818, expressChildren: 1_124, entered: 4_468 },
    };
    // Act
    const projected = projectByJourney({ counts: counts(work), customers: 10_000, days: 10, journeys, work });
    // Assess: 446,800 entries in 240 cohorts is 1,862 a cohort: 4 shards where there was 1
    expect(projected.standardTransitions).toBeCloseTo(1_818, 6);
    expect(projected.expressChildren).toBeCloseTo(1_124 * 4, 6);
  });

  test('an event journey with windows left empty gains cohorts with customers, up to the windows of the period', () => {
    // Prepare: first-purchase-gift (1-hour windows) formed 20 cohorts in 10 days
    const work = {
      'first-purchase-gift': {
        executions: 20,
        standardTransitions: 2_000,
        expressChildren: 400,
        entered: 25,
      },
    };
    // Act
    const few = projectByJourney(
      { counts: counts(work), customers: 10_000, days: 10, journeys, work },
      50_000,
    );
    const many = projectByJourney({ counts: counts(work), customers: 10_000, days: 10, journeys, work });
    // Assess: ×5 customers gives ×5 cohorts (100 of 240 windows); ×100 stops at 240 cohorts
    expect(few.standardTransitions).toBeCloseTo(10_000, 6);
    expect(many.standardTransitions).toBeCloseTo(2_000 * 12, 6);
    expect(many.expressChildren).toBeCloseTo(400 * 12, 6);
  });

  test('per-customer work grows linearly; the ticker stays; shard and fork calls follow their Map children and transitions', () => {
    const work = {
      'cart-nudge': { executions: 240, standardTransitions: 1_818, expressChildren: 1_124, entered: 4_468 },
    };
    const measured = counts(work);

    const projected = projectByJourney({ counts: measured, customers: 10_000, days: 10, journeys, work });

    expect(projected.dynamo).toEqual({
      readCapacity: 100_000,
      writeCapacity: 200_000,
      providerWriteCapacity: 10_000,
    });
    expect(projected.events).toBe(10_000);
    expect(projected.lambdaInvocations).toEqual({
      'start-cohorts': 240,
      send: 1_124 * 4,
      fork: 10,
      'ingest-events': 10_000,
    });
  });

  test('refuses a journey the workspace does not have, and a run without customers', () => {
    const work = {
      'no-such-journey': { executions: 1, standardTransitions: 1, expressChildren: 1, entered: 1 },
    };
    expect(() => projectByJourney({ counts: counts(work), customers: 10, days: 1, journeys, work })).toThrow(
      'the report names journey no-such-journey, which is not in the workspace',
    );
    expect(() => projectByJourney({ counts: counts({}), customers: 0, days: 1, journeys, work: {} })).toThrow(
      'expected customers and days above 0, got 0 and 1',
    );
  });
});

describe('projectJourney', () => {
  const own = (work: JourneyWork): MeasuredCounts => ({
    standardTransitions: work.standardTransitions,
    expressChildren: work.expressChildren,
    expressTransitions: work.expressChildren,
    lambdaInvocations: { 'start-cohorts': 1, send: work.expressChildren },
    dynamo: { readCapacity: 300, writeCapacity: 600, providerWriteCapacity: 50 },
  });

  test("a journey's own bill inputs for 1M customers entering it: units per entrant, executions by the trigger's rules", () => {
    // Prepare: preheat-618 (scheduled) let 8,517 customers in; cart-nudge (1-hour windows) filled all 240 windows of 10 days
    const preheat = { executions: 6, standardTransitions: 55, expressChildren: 463, entered: 8_517 };
    const cart = { executions: 240, standardTransitions: 1_818, expressChildren: 1_124, entered: 4_468 };
    // Act
    const scheduled = projectJourney({
      journey: journeys.get('preheat-618') as never,
      work: preheat,
      counts: own(preheat),
      days: 10,
    });
    const byEvent = projectJourney({
      journey: journeys.get('cart-nudge') as never,
      work: cart,
      counts: own(cart),
      days: 10,
    });
    // Assess
    const scale = 1_000_000 / 8_517;
    expect(scheduled.standardTransitions).toBe(55);
    expect(scheduled.expressChildren).toBeCloseTo(463 * scale, 6);
    expect(scheduled.dynamo.writeCapacity).toBeCloseTo(600 * scale, 6);
    expect(scheduled.lambdaInvocations['start-cohorts']).toBe(1);
    expect(scheduled.events).toBe(0);
    expect(byEvent.standardTransitions).toBe(1_818);
    expect(byEvent.expressChildren).toBeCloseTo(1_124 * Math.ceil(1_000_000 / 240 / 500), 6);
  });

  test('refuses a journey nobody entered', () => {
    const work = { executions: 0, standardTransitions: 0, expressChildren: 0, entered: 0 };
    expect(() =>
      projectJourney({ journey: journeys.get('cart-nudge') as never, work, counts: own(work), days: 10 }),
    ).toThrow('expected entries and days above 0, got 0 and 10');
  });
});
