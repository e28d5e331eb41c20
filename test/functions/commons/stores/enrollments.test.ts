import { describe, expect, test } from 'vitest';
import { DAY_MS } from '../../../../functions/commons/runtime/clock.ts';
import type { Membership } from '../../../../functions/commons/stores/enrollments.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** Enrollments in scheduled journeys on dynalite: the re-entry rule's record and the run memberships, one item. */

const AT = Date.UTC(2027, 5, 11, 2, 0);
const engineOf = useLocalEngine(AT);
const enrollments = () => engineOf().deps.stores.enrollments;

const place = (
  journeyId: string,
  runId: string,
  customerId: string,
  shard: number,
  startedAt = AT,
): Membership => ({
  journeyId,
  runId,
  customerId,
  shard,
  enteredAt: startedAt,
  group: 'treated',
  attributeUntil: startedAt + 14 * DAY_MS,
});

/** Admits and enrolls `customerIds` in a run of a scheduled journey, each in shard 0. */
async function enroll(
  journeyId: string,
  runId: string,
  customerIds: string[],
  at: number,
  cooldown: number | 'never',
) {
  const admitted = await enrollments().admitAudience(customerIds, journeyId, runId, at, cooldown);
  await enrollments().enrollAudience(
    admitted,
    admitted.eligible.map((customerId) => place(journeyId, runId, customerId, 0, at)),
    at,
  );
  return admitted.eligible;
}

describe('enrollments in scheduled journeys', () => {
  test("two writes per customer and run: the enrollment holds the run membership, which ingest finds beside an event journey's, and the trail keeps it", async () => {
    // Prepare
    const unitsBefore = engineOf().usage.writeCapacity;

    // Act
    const eligible = await enroll('preheat-618', 'preheat-run-1', ['m-1', 'm-2'], AT, 'never');
    const unitsSpent = engineOf().usage.writeCapacity - unitsBefore;
    await enrollments().putMemberships([place('cart-nudge', 'cart-run-1', 'm-1', 3)]);

    // Assess
    expect(eligible).toEqual(['m-1', 'm-2']);
    expect(unitsSpent).toBe(4);
    const memberships = await enrollments().membershipsOf('m-1');
    expect(memberships.sort((a, b) => a.journeyId.localeCompare(b.journeyId))).toEqual([
      place('cart-nudge', 'cart-run-1', 'm-1', 3),
      place('preheat-618', 'preheat-run-1', 'm-1', 0),
    ]);
    expect(await enrollments().membershipsOf('m-2')).toEqual([
      place('preheat-618', 'preheat-run-1', 'm-2', 0),
    ]);
  });

  test('re-entry never: a later run admits no one again; a retry of the same run admits the same audience', async () => {
    // Prepare
    await enroll('preheat-618', 'never-run-1', ['n-1'], AT, 'never');

    // Act
    const later = await enroll('preheat-618', 'never-run-2', ['n-1', 'n-2'], AT + 30 * DAY_MS, 'never');
    const retried = await enroll('preheat-618', 'never-run-1', ['n-1'], AT, 'never');

    // Assess
    expect(later).toEqual(['n-2']);
    expect(retried).toEqual(['n-1']);
    expect((await enrollments().membershipsOf('n-1')).map((membership) => membership.runId)).toEqual([
      'never-run-1',
    ]);
  });

  test("re-entry after a cooldown keeps the earlier run's membership while it is kept, then lets it go", async () => {
    // Prepare: runs 10 days apart with a 7-day cooldown; the first run attributes for 14 days.
    await enroll('retouch-non-converters', 'again-run-1', ['r-1'], AT, 7 * DAY_MS);

    // Act
    await enroll('retouch-non-converters', 'again-run-2', ['r-1'], AT + 10 * DAY_MS, 7 * DAY_MS);
    const both = (await enrollments().membershipsOf('r-1')).map((membership) => membership.runId).sort();
    // 14 days of attribution and 30 kept after it have passed for the first run.
    await enroll('retouch-non-converters', 'again-run-3', ['r-1'], AT + 50 * DAY_MS, 7 * DAY_MS);
    const later = (await enrollments().membershipsOf('r-1')).map((membership) => membership.runId).sort();

    // Assess
    expect(both).toEqual(['again-run-1', 'again-run-2']);
    expect(later).toEqual(['again-run-2', 'again-run-3']);
  });

  test("a run's trail outlives its membership, of scheduled and event journeys alike, and ingest never reads it", async () => {
    // Prepare: the first run's membership was let go at the third run (as above).
    await enroll('retouch-non-converters', 'trail-run-1', ['t-1'], AT, 7 * DAY_MS);
    await enroll('retouch-non-converters', 'trail-run-2', ['t-1'], AT + 50 * DAY_MS, 7 * DAY_MS);
    await enrollments().putMemberships([place('cart-nudge', 'cart-run-9', 't-1', 5)]);

    // Act
    const trails = await enrollments().trailsOf('t-1');
    const journeys = await enrollments().journeysOf('t-1');

    // Assess
    expect(trails.map((trail) => trail.runId).sort()).toEqual(['cart-run-9', 'trail-run-1', 'trail-run-2']);
    expect(trails.find((trail) => trail.runId === 'cart-run-9')).toEqual(
      place('cart-nudge', 'cart-run-9', 't-1', 5),
    );
    expect(journeys.memberships.map((membership) => membership.runId).sort()).toEqual([
      'cart-run-9',
      'trail-run-2',
    ]);
  });
});
