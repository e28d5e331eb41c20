import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ACTIVITY_TYPES } from '../../../workflows/pinpoint/journey-input.ts';
import {
  fixtureExports,
  type ImportOutcome,
  importFile,
  violationsWhenWritten,
  writtenForms,
} from '../../support/pinpoint-import.ts';

// Pinpoint journeys written from the documented schema, each beside the journey file the import
// writes (with its # TODO(import): comments) and the report it prints.
const DIR = 'test/fixtures/pinpoint/mapping';
const CASES = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.replace(/\.json$/, ''))
  .sort();
const exports = fixtureExports();
const imported = (outcome: ImportOutcome) => {
  if (!outcome.ok) throw new Error(outcome.lines.join('\n'));
  return outcome.imported;
};
const outcomes = new Map(CASES.map((name) => [name, imported(importFile(`${DIR}/${name}.json`, exports))]));

describe('Pinpoint journeys mapped onto the language', () => {
  test.each(CASES)('%s: the journey file and the report as expected, and valid', async (name) => {
    const journey = outcomes.get(name);
    if (!journey) throw new Error(`${name} did not import`);
    const forms = writtenForms(journey);
    expect(forms.yaml).toBe(readFileSync(`${DIR}/${name}.expected.yaml`, 'utf8'));
    expect(forms.report).toBe(readFileSync(`${DIR}/${name}.expected.txt`, 'utf8'));
    expect(await violationsWhenWritten([journey])).toEqual([]);
  });

  test('the fixtures cover every activity type, both start conditions and each setting', () => {
    const subjects = new Set(
      [...outcomes.values()].flatMap((journey) =>
        journey.report.decisions.map((decision) => decision.subject),
      ),
    );
    const covered = (wanted: string) => [...subjects].some((subject) => subject.startsWith(wanted));
    const wanted = [
      ...ACTIVITY_TYPES.map((type) => `(${type})`),
      'StartCondition.EventStartCondition',
      'StartCondition.SegmentStartCondition',
      ...['DailyCap', 'EndpointReentryCap', 'TimeframeCap', 'TotalCap', 'MessagesPerSecond'].map(
        (field) => `Limits.${field}`,
      ),
      'QuietTime',
      'OpenHours',
      'ClosedDays',
      'RefreshFrequency',
      'RefreshOnSegmentUpdate',
      'Schedule.Timezone',
    ];
    const missing = wanted.filter((part) =>
      part.startsWith('(') ? ![...subjects].some((subject) => subject.endsWith(part)) : !covered(part),
    );
    expect(missing).toEqual([]);
  });
});
