import { expect, test } from 'vitest';
import { loadCases, malformedEventRows, SURFACES } from '../support/bad-input/cases.ts';

// The suite's size, as issue 21 asks it: at least 300 cases over every input surface. The
// malformed events of test/events/malformed, also posted by http-api.test.ts, are not counted.
const counts = Object.fromEntries(
  Object.entries(SURFACES).map(([surface, { file, schema }]) => [surface, loadCases(file, schema).length]),
);

test('every input surface has cases of its own', () => {
  for (const [surface, count] of Object.entries(counts)) expect(count, surface).toBeGreaterThanOrEqual(5);
});

test('the fixtures hold at least 300 cases in all', () => {
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  expect(total).toBeGreaterThanOrEqual(300);
});

test('the malformed events posted beside them are read too', () => {
  expect(malformedEventRows().length).toBeGreaterThan(0);
});
