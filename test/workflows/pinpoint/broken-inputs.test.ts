import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { strictLines } from '../../support/pinpoint-import.ts';

// Broken Pinpoint journeys, each beside the exact lines the import prints for it: a violation at
// file:line:column naming the activity, or, for what Pinpoint would run, each loss that --strict refuses.
const DIR = 'test/fixtures/pinpoint/broken';
const CASES = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.replace(/\.json$/, ''))
  .sort();

describe('broken Pinpoint journeys', () => {
  test('there are at least ten, each with its expected lines', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(10);
  });

  test.each(CASES)('%s', (name) => {
    const expected = readFileSync(`${DIR}/${name}.expected.txt`, 'utf8').trimEnd().split('\n');
    expect(strictLines(`${DIR}/${name}.json`)).toEqual(expected);
  });
});
