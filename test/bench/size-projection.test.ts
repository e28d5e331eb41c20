import { describe, expect, test } from 'vitest';
import { perMillionCustomers, projectCounts } from '../../bench/size-projection.ts';
import { awsBill, type MeasuredCounts } from '../../pricing/cost-model.ts';

const small: MeasuredCounts = {
  standardTransitions: 1_000,
  expressChildren: 1_000,
  expressTransitions: 1_000,
  lambdaInvocations: { send: 1_000 },
  dynamo: { writeCapacity: 1_000_000, readCapacity: 1_000_000 },
};

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
