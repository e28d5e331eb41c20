import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runSimulation } from '../../simulation/simulate.ts';
import { compileJourney } from '../../workflows/compiler/compile.ts';
import { aslProblems } from '../../workflows/compiler/validate-asl.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { journeys } from '../support/cli.ts';

// The journey sample of the Amazon Pinpoint API reference, as published at
// https://docs.aws.amazon.com/pinpoint/latest/apireference/samples-journey-activities-object.html
const SAMPLE = 'test/fixtures/pinpoint/aws-reference-sample.json';
const SAMPLE_ACTIVITIES = Object.keys(
  (JSON.parse(readFileSync(SAMPLE, 'utf8')) as { Activities: Record<string, unknown> }).Activities,
);
const JOURNEY = 'example-corp-new-subscriber-journey';

const workspace = () => mkdtempSync(join(tmpdir(), 'journeys-import-pinpoint-'));

describe('journeys import pinpoint', () => {
  test("round-trips the API reference's journey sample: it validates, compiles and simulates", async () => {
    // Act
    const out = workspace();
    const result = await journeys('import', 'pinpoint', SAMPLE, '--out', out);

    // Assess: written, valid, every activity and setting decided in the printed and the written report.
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ 1 journey(s) imported and valid; 15 loss(es) marked # TODO(import):');
    const report = readFileSync(join(out, 'journeys', `${JOURNEY}.import.md`), 'utf8');
    for (const subject of [
      ...SAMPLE_ACTIVITIES.map((id) => `activity ${id} (`),
      'Schedule.Timezone',
      'Schedule.StartTime',
      'StartCondition.SegmentStartCondition',
      'State',
    ]) {
      expect(result.stdout).toContain(subject);
      expect(report).toContain(subject);
    }
    expect((await journeys('validate', '-w', out)).code).toBe(0);
    const catalog = await catalogFromWorkspace(out);
    const journey = catalog.journeys.get(JOURNEY);
    if (!journey) throw new Error(`${JOURNEY} was not imported`);
    expect(aslProblems(compileJourney(journey))).toEqual([]);

    // The sample has no StartTime: the journey starts on the hour after the import.
    const at = journey.trigger.kind === 'schedule' ? journey.trigger.at : undefined;
    if (typeof at !== 'string') throw new Error(`${JOURNEY} starts at no moment`);
    const startAt = Date.parse(at);
    const simulated = await runSimulation({
      catalog,
      customers: 60,
      days: 2,
      seed: 20,
      startAt: startAt - 3_600_000,
      // The start hour follows the wall clock: with no sign-ups, the audience is the 60 whatever the hour.
      newCustomersPerDay: 0,
    });
    expect(simulated.failedExecutions).toBe(0);
    const funnel = simulated.funnels.find((candidate) => candidate.journeyId === JOURNEY);
    expect(funnel?.entered).toBe(60);
    expect(funnel?.sent).toBeGreaterThan(0);
  }, 180_000);

  test('writes the report beside the journey, with its templates', async () => {
    // Act
    const out = workspace();
    const result = await journeys('import', 'pinpoint', SAMPLE, '--out', out);

    // Assess
    expect(result.code).toBe(0);
    for (const file of [
      `journeys/${JOURNEY}.journey.yaml`,
      `journeys/${JOURNEY}.import.md`,
      'templates/welcome-new-subscribers.template.yaml',
      'templates/email-0rohkysnx3.template.yaml',
    ]) {
      expect(existsSync(join(out, file)), file).toBe(true);
      expect(result.stdout).toContain(`wrote ${join(out, file)}`);
    }
  });
});
