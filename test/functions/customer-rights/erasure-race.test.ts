import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PAYERS } from '../../../engine/metering/payers.ts';
import { event, post } from '../../support/engine/engine-harness.ts';
import {
  askRights,
  customerNamed,
  type ErasureScenario,
  itemsHolding,
  playErasureScenario,
} from '../../support/engine/erasure-scenario.ts';

// An event that was in flight when the erasure began lands while it runs: after the timeline
// was cleared, before the profile goes. The erasure answers once nothing of the customer is left.
const SUBJECT = customerNamed('erase-racing-3301', '+15555550131');

let scenario: ErasureScenario;

beforeAll(async () => {
  scenario = await playErasureScenario([SUBJECT], []);
}, 120_000);
afterAll(async () => {
  await scenario?.engine.stop();
});

describe('an event landing while the customer is erased', () => {
  test('is erased with the rest: no table holds the customer once the erasure answers', async () => {
    // Prepare: the event lands as the erasure takes the customer's partition, after their timeline.
    const engine = scenario.engine;
    const partition = engine.depsOf(PAYERS.eventsApi).stores.customerPartition;
    const remove = partition.remove.bind(partition);
    let landed = false;
    partition.remove = async (customerId, sortKeys) => {
      if (!landed) {
        landed = true;
        await post(engine, [
          event(engine, 'racing-update', SUBJECT.id, 'profile_updated', { email: SUBJECT.email }),
        ]);
      }
      return remove(customerId, sortKeys);
    };

    // Act
    try {
      const answer = await askRights(engine, 'erase', SUBJECT.id);

      // Assess
      expect(landed).toBe(true);
      expect(answer.status).toBe(200);
      expect(await itemsHolding(engine, [SUBJECT.id, SUBJECT.email, SUBJECT.phone])).toEqual([]);
    } finally {
      partition.remove = remove;
    }
  });
});
