import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { stepsOnLongestPath } from '../../bench/journey-steps.ts';
import { naiveDesign, ratio, timesCheaper } from '../../bench/naive-design.ts';
import { countsOf, naiveJourneysOf, parseSimulationReport } from '../../bench/simulation-report.ts';
import { awsBill } from '../../pricing/cost-model.ts';
import { AWS_PRICES, priceOf } from '../../pricing/prices.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';

const fixture = (name: string) =>
  parseSimulationReport(JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')), name);

describe('naiveDesign', () => {
  test('costs 7 transitions a customer at $0.025 per 1,000: $175 per million customers', () => {
    const naive = naiveDesign([{ journeyId: 'j', entered: 1_000_000, stepsPerCustomer: 7 }]);

    expect(naive.transitions).toBe(7_000_000);
    expect(naive.usd).toBeCloseTo(175, 9);
  });

  test('charges a held-out customer one transition by default', () => {
    const naive = naiveDesign([{ entered: 100, heldOut: 10, stepsPerCustomer: 5 }]);

    expect(naive.transitions).toBe(90 * 5 + 10);
    expect(naive.usd).toBeCloseTo(priceOf(AWS_PRICES.stepFunctionsStandardTransition, 460), 12);
  });

  test('sums journeys and grows with entries and with steps', () => {
    const base = { entered: 1_000, stepsPerCustomer: 4 };
    const one = naiveDesign([base]).transitions;

    expect(naiveDesign([base, base]).transitions).toBe(2 * one);
    expect(naiveDesign([{ ...base, entered: 1_001 }]).transitions).toBeGreaterThan(one);
    expect(naiveDesign([{ ...base, stepsPerCustomer: 5 }]).transitions).toBeGreaterThan(one);
  });

  test('refuses more held out than entered', () => {
    expect(() => naiveDesign([{ journeyId: 'j', entered: 1, heldOut: 2, stepsPerCustomer: 1 }])).toThrow(
      'j: 2 held out of 1 entered',
    );
  });

  test('counts the steps on the longest path of each built-in journey', async () => {
    const { journeys } = await catalogFromWorkspace('workflows');
    const steps = Object.fromEntries(
      [...journeys.values()].map((journey) => [journey.id, stepsOnLongestPath(journey)]),
    );

    expect(steps).toEqual({
      'cart-nudge': 6,
      'first-purchase-gift': 7,
      'preheat-618': 9,
      'retouch-non-converters': 4,
    });
  });
});

const { journeys: builtInJourneys } = await catalogFromWorkspace('workflows');

describe('the cohort design against the naive one on measured runs', () => {
  const journeys = builtInJourneys;

  test('on the two campaigns over 10,000 customers (cohorts of thousands), the cohort design is several times cheaper', () => {
    const report = fixture('campaigns-10k.report.json');

    const cohort = awsBill(countsOf(report));
    const naive = naiveDesign(naiveJourneysOf(report, journeys));

    expect(timesCheaper(cohort, naive)).toBeGreaterThan(5);
  });

  test('on all four journeys over 1,000 customers, event cohorts hold one or two customers and their Standard transitions dominate the bill', () => {
    const report = fixture('all-journeys-1k.report.json');

    const cohort = awsBill(countsOf(report));

    expect(ratio(cohort.stepFunctionsStandard.usd, cohort.total)).toBeGreaterThan(0.8);
  });
});

describe('ratio', () => {
  test('divides, and refuses a denominator that is not above 0', () => {
    expect(ratio(175, 5)).toBe(35);
    expect(() => ratio(1, 0)).toThrow('expected a denominator above 0, got 0');
  });
});
