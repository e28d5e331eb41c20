import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { countsOf, parseSimulationReport } from '../../bench/simulation-report.ts';
import type { OperationCounts } from '../../engine/engine.ts';
import { DEPLOY_FUNCTION_NAMES, FUNCTIONS, type FunctionName } from '../../functions/function-table.ts';
import { awsBill, LAMBDA_MEMORY_MB, type MeasuredCounts } from '../../pricing/cost-model.ts';
import { AWS_PRICES, PRICES_CHECKED, priceOf } from '../../pricing/prices.ts';

const fixture = (name: string) =>
  parseSimulationReport(
    JSON.parse(readFileSync(new URL(`../bench/fixtures/${name}`, import.meta.url), 'utf8')),
    name,
  );

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
    // Prepare: CDK deploys one function per folder of functions/ (test/infra checks each one's memory);
    // the ones CloudFormation calls while deploying serve no journey, so no run pays for them.
    const deployTime: readonly string[] = DEPLOY_FUNCTION_NAMES;
    const deployed = readdirSync(new URL('../../functions/', import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'commons' && !deployTime.includes(entry.name))
      .map((entry) => entry.name);

    // Act / Assess
    expect(Object.keys(LAMBDA_MEMORY_MB).sort()).toEqual(deployed.sort());
    for (const name of deployed)
      expect(LAMBDA_MEMORY_MB[name]).toBe(FUNCTIONS[name as FunctionName].memoryMb);
  });
});

describe('parseSimulationReport', () => {
  test('names the field that does not fit and how to get a report', () => {
    expect(() => parseSimulationReport({ options: { customers: 10, days: 1 } }, 'x.json')).toThrow(
      /^x\.json is not a simulation report: funnels: .*journeys simulate --report/,
    );
  });
});
