import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runSimulation } from '../../simulation/simulate.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { journeys } from '../support/cli.ts';

// A Pinpoint Holdout at the start becomes the journey's own holdout: simulated with the same seed,
// the imported journey and the one a person writes by hand hold out the same customers and
// measure the same lift.
const JOURNEY = 'cart-nudge-with-holdout';
const SIMULATION = { customers: 400, days: 4, seed: 20, startAt: Date.parse('2027-06-10T16:00:00Z') };

async function simulate(root: string) {
  const result = await runSimulation({ ...SIMULATION, catalog: await catalogFromWorkspace(root, [JOURNEY]) });
  expect(result.failedExecutions).toBe(0);
  return result.funnels.find((funnel) => funnel.journeyId === JOURNEY);
}

describe('imported Holdouts in the simulation', () => {
  test('at the start: measures lift exactly as a native holdout does', async () => {
    // Prepare: the import, and beside it the hand-written journey with the imported template.
    const imported = mkdtempSync(join(tmpdir(), 'journeys-holdout-imported-'));
    const result = await journeys(
      'import',
      'pinpoint',
      'test/fixtures/pinpoint/mapping/holdout-at-start.json',
      '--templates',
      'test/fixtures/pinpoint/exports/templates',
      '--out',
      imported,
    );
    expect(result.code).toBe(0);
    const native = mkdtempSync(join(tmpdir(), 'journeys-holdout-native-'));
    mkdirSync(join(native, 'journeys'));
    mkdirSync(join(native, 'templates'));
    copyFileSync(
      `test/fixtures/pinpoint/native/${JOURNEY}.journey.yaml`,
      join(native, 'journeys', `${JOURNEY}.journey.yaml`),
    );
    for (const template of readdirSync(join(imported, 'templates')))
      copyFileSync(join(imported, 'templates', template), join(native, 'templates', template));

    // Act
    const fromPinpoint = await simulate(imported);
    const byHand = await simulate(native);
    rmSync(imported, { recursive: true });
    rmSync(native, { recursive: true });

    // Assess: a real holdout that ordered, so there is a lift to compare, and the same figures.
    expect(fromPinpoint?.heldOut).toBeGreaterThan(0);
    expect(fromPinpoint?.holdoutOrdered).toBeGreaterThan(0);
    expect(fromPinpoint?.lift).toBeDefined();
    expect(fromPinpoint).toEqual(byHand);
  }, 300_000);

  test('mid-journey, a holdout step measures the lift of the steps after it', async () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'journeys-holdout-midway-'));
    const result = await journeys(
      'import',
      'pinpoint',
      'test/fixtures/pinpoint/mapping/holdout-midway.json',
      '--templates',
      'test/fixtures/pinpoint/exports/templates',
      '--out',
      out,
    );
    expect(result.code).toBe(0);

    // Act
    const simulated = await runSimulation({
      ...SIMULATION,
      catalog: await catalogFromWorkspace(out, ['second-nudge-lift']),
    });
    rmSync(out, { recursive: true });

    // Assess: both groups passed the step, and only the treated got the SMS after it.
    expect(simulated.failedExecutions).toBe(0);
    const funnel = simulated.funnels.find((candidate) => candidate.journeyId === 'second-nudge-lift');
    const [step] = funnel?.holdoutSteps ?? [];
    expect(step?.stepId).toBe('measure');
    expect(step?.percent).toBe(20);
    expect(step?.holdout.customers).toBeGreaterThan(0);
    expect(step?.treated.customers).toBeGreaterThan(step?.holdout.customers ?? 0);
    expect(funnel?.sms?.find((sms) => sms.stepId === 'second')?.sent).toBeLessThanOrEqual(
      step?.treated.customers ?? 0,
    );
  }, 300_000);
});
