import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { newcombeDifference } from '../../../workflows/statistics/difference.ts';
import { wilsonInterval } from '../../../workflows/statistics/proportion.ts';

const fixture = <T>(name: string): { source: string; cases: T[] } =>
  JSON.parse(readFileSync(new URL(`../../fixtures/statistics/${name}`, import.meta.url), 'utf8'));

interface DifferenceCase {
  example: string;
  x1: number;
  n1: number;
  x2: number;
  n2: number;
  difference: number;
  lower: number;
  upper: number;
}
interface WilsonCase {
  x: number;
  n: number;
  lower: number;
  upper: number;
}

const newcombe = fixture<DifferenceCase>('newcombe-1998-differences.json');
const wilson = fixture<WilsonCase>('wilson-intervals.json');

// The published figures have four decimals: each bound must round to them.
const FOUR_DECIMALS = 4;

describe('Newcombe hybrid score interval for a difference of proportions', () => {
  test.each(newcombe.cases)('example $example: $x1/$n1 − $x2/$n2 matches Table II, method 10', (example) => {
    // Act
    const interval = newcombeDifference(example.x1, example.n1, example.x2, example.n2);
    // Assess
    expect(interval?.estimate).toBeCloseTo(example.difference, FOUR_DECIMALS);
    expect(interval?.lower).toBeCloseTo(example.lower, FOUR_DECIMALS);
    expect(interval?.upper).toBeCloseTo(example.upper, FOUR_DECIMALS);
  });

  test('is undefined when a group is empty', () => {
    expect(newcombeDifference(0, 0, 3, 10)).toBeUndefined();
  });
});

describe('Wilson score interval for a proportion', () => {
  test.each(wilson.cases)('$x/$n matches Table I, method 3', (example) => {
    const interval = wilsonInterval(example.x, example.n);
    expect(interval?.lower).toBeCloseTo(example.lower, FOUR_DECIMALS);
    expect(interval?.upper).toBeCloseTo(example.upper, FOUR_DECIMALS);
  });

  test('refuses counts that are not a proportion', () => {
    expect(() => wilsonInterval(5, 3)).toThrow(/0 ≤ successes ≤ trials/);
    expect(() => wilsonInterval(1.5, 3)).toThrow(/whole counts/);
  });
});
