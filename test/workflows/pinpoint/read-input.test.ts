import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readPinpointJourneys } from '../../../workflows/pinpoint/read-input.ts';
import { formatViolation } from '../../../workflows/rules/violation.ts';

const read = (file: string) => readPinpointJourneys(file, readFileSync(file, 'utf8'));

describe("list-journeys' page of journeys", () => {
  test('each journey of JourneysResponse.Item is read, with its place in the list', () => {
    // Act
    const journeys = read('test/fixtures/pinpoint/list/list-journeys.json');

    // Assess
    expect(journeys.map((journey) => [journey.journey?.Name, journey.envelope, journey.violations])).toEqual([
      ['Welcome_series', '{"JourneysResponse": {"Item": […]}} (list-journeys, item 1)', []],
      ['Cart_nudge', '{"JourneysResponse": {"Item": […]}} (list-journeys, item 2)', []],
    ]);
  });

  test('a broken journey of the list is located at its line, and the others are read', () => {
    // Act
    const file = 'test/fixtures/pinpoint/list/list-journeys-one-broken.json';
    const journeys = read(file);

    // Assess
    expect(journeys[0]?.journey?.Name).toBe('Welcome_series');
    expect(journeys[1]?.violations.map(formatViolation)).toEqual([
      `${file}:18:71 JourneysResponse.Item[1].Activities.Pause.Wait.WaitTime.WaitFor: expected an ISO 8601 duration such as "P3D", "PT12H" or "P1DT6H"; got "4h" [schema.custom]`,
    ]);
  });

  test('a page without journeys is refused, saying so', () => {
    // Act
    const journeys = readPinpointJourneys('empty.json', '{"JourneysResponse": {"Item": []}}');

    // Assess
    expect(journeys.map((journey) => journey.violations.map(formatViolation))).toEqual([
      [
        "empty.json:1:23 JourneysResponse.Item: expected list-journeys' JourneysResponse.Item to hold the journeys; it holds none [pinpoint.not_a_journey]",
      ],
    ]);
  });
});
