import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FaultInjector } from '../../../engine/faults/fault-injector.ts';
import { PAYERS } from '../../../engine/metering/payers.ts';
import {
  askRights,
  customerNamed,
  type ErasureScenario,
  playErasureScenario,
} from '../../support/engine/erasure-scenario.ts';

// Two customers alike in every record: one erased at once, the other by an erasure that stops
// after its first cohort write and is sent again, as a client retries a 500.
const CLEAN = customerNamed('erase-clean-2201', '+15555550121');
const RETRIED = customerNamed('erase-retried-2202', '+15555550122');

let scenario: ErasureScenario;

beforeAll(async () => {
  scenario = await playErasureScenario([CLEAN, RETRIED], [CLEAN, RETRIED]);
}, 120_000);
afterAll(async () => {
  await scenario?.engine.stop();
});

describe('an erasure retried after it stopped part-way', () => {
  test('records and answers what one erasure would', async () => {
    // Prepare
    const injector = new FaultInjector({
      handler: 'retried',
      invocation: 0,
      call: 'cohorts.forgetMember',
      ordinal: 0,
      mode: 'throw-after',
    });
    injector.instrument(scenario.engine.depsOf(PAYERS.eventsApi));
    injector.attach();

    // Act
    try {
      const clean = await injector.invoke('clean', () => askRights(scenario.engine, 'erase', CLEAN.id));
      const failed = await injector.invoke('retried', () => askRights(scenario.engine, 'erase', RETRIED.id));
      const retried = await injector.invoke('retried', () => askRights(scenario.engine, 'erase', RETRIED.id));
      const again = await askRights(scenario.engine, 'erase', RETRIED.id);

      // Assess
      expect(injector.fired).toBe(true);
      expect(failed.status).toBe(500);
      expect(clean.status).toBe(200);
      expect(retried).toEqual(clean);
      expect(again).toEqual(clean);
      expect(Object.values(clean.body.removed as Record<string, number>).some((count) => count > 0)).toBe(
        true,
      );
    } finally {
      injector.detach();
    }
  });
});
