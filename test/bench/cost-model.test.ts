import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  awsBill,
  LAMBDA_MEMORY_MB,
  type MeasuredCounts,
  naiveDesign,
  perMillionCustomers,
  projectCounts,
  ratio,
  timesCheaper,
} from '../../bench/cost-model.ts';
import { stepsOnLongestPath } from '../../bench/journey-steps.ts';
import { AWS_PRICES, PRICES_CHECKED, priceOf } from '../../bench/prices.ts';
import { countsOf, naiveJourneysOf, parseSimulationReport } from '../../bench/simulation-report.ts';
import type { OperationCounts } from '../../engine/engine.ts';
import { HANDLERS } from '../../infra/constructs/journey-functions.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';

const fixture = (name: string) =>
  parseSimulationReport(JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')), name);

const small: MeasuredCounts = {
  standardTransitions: 1_000,
  expressChildren: 1_000,
  expressTransitions: 1_000,
  lambdaInvocations: { send: 1_000 },
  dynamo: { writeCapacity: 1_000_000, readCapacity: 1_000_000 },
};

describe('the price table', () => {
  test('lists the us-east-1 list prices the brief names, each with its pricing page and when it was checked', () => {
    const perUnit = Object.fromEntries(
      Object.entries(AWS_PRICES).map(([key, price]) => [key, price.usd / price.per]),
    );
    expect(perUnit).toEqual({
      stepFunctionsStandardTransition: 0.025 / 1_000,
      stepFunctionsExpressRequest: 1 / 1_000_000,
      stepFunctionsExpressGbSecond: 0.00001667,
      lambdaRequest: 0.2 / 1_000_000,
      lambdaArmGbSecond: 0.0000133334,
      dynamoDbWriteRequestUnit: 0.625 / 1_000_000,
      dynamoDbReadRequestUnit: 0.125 / 1_000_000,
      schedulerInvocation: 1 / 1_000_000,
      apiGatewayHttpRequest: 1 / 1_000_000,
    });
    for (const price of Object.values(AWS_PRICES)) {
      expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z-]+\/pricing\//);
      expect(price.checked).toBe(PRICES_CHECKED);
    }
  });
});

describe('awsBill', () => {
  test('prices a small run by hand: transitions with child starts, Express 64 MB for 1 s, Lambda 1 GB for 300 ms, DynamoDB units', () => {
    // Prepare / Act
    const bill = awsBill(small);

    // Assess: each line worked out on paper.
    expect(bill.stepFunctionsStandard.transitions).toBe(2_000);
    expect(bill.stepFunctionsStandard.usd).toBeCloseTo(0.05, 12);
    expect(bill.stepFunctionsExpress.gbSeconds).toBeCloseTo(62.5, 9);
    expect(bill.stepFunctionsExpress.requestsUsd).toBeCloseTo(0.001, 12);
    expect(bill.stepFunctionsExpress.durationUsd).toBeCloseTo(62.5 * 0.00001667, 12);
    expect(bill.lambda.gbSeconds).toBeCloseTo(300, 9);
    expect(bill.lambda.usd).toBeCloseTo(0.0002 + 300 * 0.0000133334, 12);
    expect(bill.dynamoDb.writeUsd).toBeCloseTo(0.625, 12);
    expect(bill.dynamoDb.readUsd).toBeCloseTo(0.125, 12);
    expect(bill.scheduler.usd).toBe(0);
    expect(bill.apiGateway.usd).toBe(0);
    expect(bill.total).toBeCloseTo(0.05 + 0.001 + 0.001041875 + 0.0002 + 0.00400002 + 0.75, 12);
  });

  test('rounds Express memory up to 64-MB chunks and duration up to 100 ms', () => {
    const bill = awsBill(small, { expressMemoryMb: 65, expressDurationMs: 101 });

    expect(bill.stepFunctionsExpress.gbSeconds).toBeCloseTo(1_000 * (128 / 1024) * 0.2, 9);
  });

  test('counts the minute ticker as Scheduler invocations and each posted event as one API request and one ingest call', () => {
    const bill = awsBill({
      ...small,
      lambdaInvocations: { 'start-cohorts': 2_000_000 },
      events: 3_000_000,
    });

    expect(bill.scheduler).toEqual({ invocations: 2_000_000, usd: 2 });
    expect(bill.apiGateway).toEqual({ requests: 3_000_000, usd: 3 });
    expect(bill.lambda.byFunction['ingest-events']?.invocations).toBe(3_000_000);
    expect(bill.lambda.byFunction['ingest-events']?.gbSeconds).toBeCloseTo(3_000_000 * 1 * 0.1, 6);
    expect(bill.lambda.byFunction['start-cohorts']?.gbSeconds).toBeCloseTo(
      2_000_000 * (1769 / 1024) * 0.3,
      6,
    );
  });

  test('when child starts are not billed as parent transitions, only the counted transitions are priced', () => {
    const bill = awsBill(small, { billChildStartsAsTransitions: false });

    expect(bill.stepFunctionsStandard.transitions).toBe(1_000);
  });

  test('leaves the writes to the message outbox, the provider stand-in, out of the bill like the messages', () => {
    const withOutbox = awsBill({ ...small, dynamo: { ...small.dynamo, providerWriteCapacity: 400_000 } });

    expect(withOutbox.dynamoDb.writeRequestUnits).toBe(600_000);
    expect(withOutbox.dynamoDb.writeUsd).toBeCloseTo(
      priceOf(AWS_PRICES.dynamoDbWriteRequestUnit, 600_000),
      9,
    );
  });

  test('reads the outbox writes of a report from its write units by table', () => {
    const report = fixture('all-journeys-1k.report.json');
    const counts = countsOf({
      ...report,
      operations: {
        ...report.operations,
        dynamo: { ...report.operations.dynamo, writeUnitsByTable: { state: 10, outbox: 7 } },
      },
    });

    expect(counts.dynamo.providerWriteCapacity).toBe(7);
  });

  test('rejects an assumption that cannot be a duration or a size', () => {
    expect(() => awsBill(small, { expressDurationMs: 0 })).toThrow(
      'expected expressDurationMs above 0, got 0',
    );
  });

  test('never falls when any count grows', () => {
    const counts = fc.record({
      standardTransitions: fc.nat(1_000_000),
      expressChildren: fc.nat(1_000_000),
      send: fc.nat(1_000_000),
      writeCapacity: fc.nat(10_000_000),
      readCapacity: fc.nat(10_000_000),
      events: fc.nat(1_000_000),
    });
    const toMeasured = (c: {
      standardTransitions: number;
      expressChildren: number;
      send: number;
      writeCapacity: number;
      readCapacity: number;
      events: number;
    }): MeasuredCounts => ({
      standardTransitions: c.standardTransitions,
      expressChildren: c.expressChildren,
      expressTransitions: c.expressChildren,
      lambdaInvocations: { send: c.send },
      dynamo: { writeCapacity: c.writeCapacity, readCapacity: c.readCapacity },
      events: c.events,
    });
    fc.assert(
      fc.property(
        counts,
        fc.constantFrom(
          'standardTransitions',
          'expressChildren',
          'send',
          'writeCapacity',
          'readCapacity',
          'events',
        ),
        fc.integer({ min: 1, max: 1_000_000 }),
        (base, field, more) => {
          const before = awsBill(toMeasured(base)).total;
          const after = awsBill(toMeasured({ ...base, [field]: base[field] + more })).total;
          expect(after).toBeGreaterThan(before);
        },
      ),
    );
  });

  test('reads the engine operation counts as they are', () => {
    expectTypeOf<OperationCounts>().toExtend<MeasuredCounts>();
  });

  test('prices every deployed function at the memory CDK gives it', () => {
    expect(Object.keys(LAMBDA_MEMORY_MB).sort()).toEqual([...HANDLERS].sort());
  });
});

describe('perMillionCustomers', () => {
  test('scales every quantity and every dollar linearly', () => {
    const bill = awsBill(small);

    const scaled = perMillionCustomers(bill, 1_000);

    expect(scaled.total).toBeCloseTo(bill.total * 1_000, 9);
    expect(scaled.stepFunctionsStandard.transitions).toBe(2_000_000);
    expect(scaled.lambda.byFunction.send?.invocations).toBe(1_000_000);
    expect(scaled.dynamoDb.writeRequestUnits).toBe(1_000_000_000);
  });

  test('refuses a run without customers', () => {
    expect(() => perMillionCustomers(awsBill(small), 0)).toThrow(
      'expected a number of customers above 0, got 0',
    );
  });
});

describe('projectCounts', () => {
  const at = (
    customers: number,
    transitions: number,
    writes: number,
  ): { customers: number; counts: MeasuredCounts } => ({
    customers,
    counts: {
      ...small,
      standardTransitions: transitions,
      dynamo: { readCapacity: 0, writeCapacity: writes },
    },
  });

  test('per-customer counts grow linearly; per-cohort counts grow at the rate measured between the two sizes', () => {
    // Prepare: writes grow with customers, transitions grow by 100 per 9,000 customers (windows filling up)
    const smaller = at(1_000, 2_000, 20_000);
    const larger = at(10_000, 2_100, 200_000);

    // Act
    const projected = projectCounts(smaller, larger);

    // Assess
    expect(projected.dynamo.writeCapacity).toBeCloseTo(20_000_000, 6);
    expect(projected.standardTransitions).toBeCloseTo(2_100 + (100 / 9_000) * 990_000, 6);
    expect(projected.lambdaInvocations).toEqual({ send: 1_000 });
  });

  test('never projects below the larger run nor above linear scaling', () => {
    const shrinking = projectCounts(at(1_000, 3_000, 0), at(10_000, 2_000, 0));
    const steep = projectCounts(at(1_000, 0, 0), at(10_000, 100_000, 0));

    expect(shrinking.standardTransitions).toBe(2_000);
    expect(steep.standardTransitions).toBe(10_000_000);
  });

  test('refuses two simulations that do not grow', () => {
    expect(() => projectCounts(at(1_000, 0, 0), at(1_000, 0, 0))).toThrow(
      'expected two simulations of growing size, got 1000 and 1000 customers',
    );
  });
});

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

  test('counts the steps on the longest path of each built-in journey', () => {
    const { journeys } = catalogFromWorkspace('workflows');
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

describe('the cohort design against the naive one on measured runs', () => {
  const { journeys } = catalogFromWorkspace('workflows');

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

describe('parseSimulationReport', () => {
  test('names the field that does not fit and how to get a report', () => {
    expect(() => parseSimulationReport({ options: { customers: 10, days: 1 } }, 'x.json')).toThrow(
      /^x\.json is not a simulation report: funnels: .*journeys simulate --report/,
    );
  });
});
