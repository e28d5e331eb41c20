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
const KNOWN_GAP = 'events-api funnel.add#0 lose-response@0';

let catalog: JourneyCatalog;
let clean: CleanRun;

beforeAll(async () => {
  catalog = await catalogFromWorkspace('workflows');
  clean = await cleanRun(catalog, SPEC, true);
}, 600_000);

describe('fault injection, a seeded subset', () => {
  test('the seed replays exactly: two clean runs end alike, and reach the known gap below', () => {
    expect(clean.nondeterminism).toEqual([]);
    expect(clean.points.map(pointName)).toContain(KNOWN_GAP);
  });

  test('each fault point tried leaves the final state of the clean run', { timeout: 600_000 }, async () => {
    // Prepare: the events API's points are the known gap below.
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

  /**
   * KNOWN GAP (docs/reliability.md, "Fault injection"): the events API adds its funnel counts, so
   * a lost answer to that write, retried by the SDK, counts the cart twice. `test.fails` until
   * ingest counts exactly; then it turns red and `.fails` comes off.
   */
  test.fails('a lost answer to an events API funnel write leaves the clean final state', {
    timeout: 600_000,
  }, async () => {
    // Prepare
    const point = clean.points.find((candidate) => pointName(candidate) === KNOWN_GAP);

    // Act
    const result = point && (await tryPoint(catalog, SPEC, clean.state, point));

    // Assess
    expect(result?.fired).toBe(true);
    expect(result?.broken).toEqual([]);
  });
});
