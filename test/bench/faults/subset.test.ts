import { beforeAll, describe, expect, test } from 'vitest';
import { samplePoints } from '../../../bench/faults/enumerate.ts';
import { breaks, type CleanRun, cleanRun, tryPoint } from '../../../bench/faults/suite.ts';
import { pointName } from '../../../engine/faults/fault-points.ts';
import type { JourneyCatalog } from '../../../workflows/workspace/catalog.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';

/**
 * The CI step of the fault-injection suite: a seeded subset of its fault points on a shorter
 * scenario (the import, the preheat schedule, two days of sign-ups, carts, orders and feedback).
 * `npm run faults` tries them all on the whole scenario (docs/reliability.md, "Fault injection").
 */
const SPEC = { seed: 618, customers: 8, end: Date.parse('2027-06-13T00:00:00Z') };
const POINTS = 12;
// Once gaps: the events API added its funnel counts, so a resent write or a retried batch counted twice.
const EVENTS_API_POINTS = [
  'events-api funnel.setFromEvents#0 lose-response@0',
  'events-api funnel.setFromEvents#0 throw-after',
];

let catalog: JourneyCatalog;
let clean: CleanRun;

beforeAll(async () => {
  catalog = await catalogFromWorkspace('workflows');
  clean = await cleanRun(catalog, SPEC, true);
}, 600_000);

describe('fault injection, a seeded subset', () => {
  test('the seed replays exactly: two clean runs end alike, and reach the events API points below', () => {
    expect(clean.nondeterminism).toEqual([]);
    expect(clean.points.map(pointName)).toEqual(expect.arrayContaining(EVENTS_API_POINTS));
  });

  test('each fault point tried leaves the final state of the clean run', { timeout: 600_000 }, async () => {
    // Prepare: the events API's funnel points are tried below.
    const points = samplePoints(
      clean.points.filter((point) => point.handler !== 'events-api'),
      POINTS,
      SPEC.seed,
    );

    // Act
    const results = [];
    for (const point of points) results.push(await tryPoint(catalog, SPEC, clean.state, point));

    // Assess
    expect(results.filter((result) => result.fired).length).toBeGreaterThanOrEqual(POINTS - 2);
    expect(results.filter(breaks)).toEqual([]);
  });

  test.each(EVENTS_API_POINTS)(
    '%s leaves the final state of the clean run',
    { timeout: 600_000 },
    async (name) => {
      // Prepare
      const point = clean.points.find((candidate) => pointName(candidate) === name);

      // Act
      const result = point && (await tryPoint(catalog, SPEC, clean.state, point));

      // Assess
      expect(result?.fired).toBe(true);
      expect(result?.broken).toEqual([]);
    },
  );
});
