import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../workflows/rules/index.ts';
import { timeViolations } from '../../../workflows/rules/time-rules.ts';
import { formatPath } from '../../../workflows/rules/violation.ts';
import { Journey, type Step } from '../../../workflows/schema/index.ts';
import { parseText } from '../../../workflows/workspace/parse-file.ts';
import { checkJourneyText } from '../../../workflows/workspace/validate-text.ts';

const FILE = 'noon-after-wait-for.journey.yaml';
const text = readFileSync(new URL(`../../fixtures/time-rules/${FILE}`, import.meta.url), 'utf8');
const catalog: Catalog = { offers: new Map(), templates: new Map(), journeyIds: new Set() };

/** The fixture journey with some steps changed, to try other timings on the same graph. */
function fixtureWith(change: (step: Step) => Step): Journey {
  const journey = parseText(FILE, text, Journey).value;
  if (!journey) throw new Error(`${FILE} does not parse`);
  return { ...journey, steps: journey.steps.map(change) };
}

const orderViolations = (journey: Journey) =>
  timeViolations(journey)
    .filter((violation) => violation.code === 'time.campaign_order')
    .map((violation) => ({ path: formatPath(violation.path), message: violation.message }));

describe('time.campaign_order after a wait_for', () => {
  it('refuses a wait until noon on the timeout path, reached only the next morning', () => {
    // Act
    const result = checkJourneyText(FILE, text, catalog);

    // Assess
    expect(
      result.violations.map((violation) => [violation.code, formatPath(violation.path), violation.line]),
    ).toEqual([['time.campaign_order', 'steps[3].until', 34]]);
  });

  it('accepts the same wait on the event path, reached from the first check on', () => {
    // Act
    const violations = orderViolations(fixtureWith((step) => step));

    // Assess
    expect(violations.map((violation) => violation.path)).not.toContain('steps[1].until');
  });

  it('says the earliest arrival in the journey time zone as well as in UTC', () => {
    // Act
    const [violation] = orderViolations(fixtureWith((step) => step));

    // Assess
    expect(violation?.message).toBe(
      'waits until 2026-06-18T04:00:00Z, but customers reach this step no earlier than 2026-06-19T01:00:00Z ' +
        '(in Asia/Shanghai: waits until 2026-06-18 12:00, earliest arrival 2026-06-19 09:00); ' +
        'the trigger and the waits and wait_for timeouts before this step must end before the moment it waits for',
    );
  });

  it('accepts a wait on the timeout path until noon the next day, after the 1d timeout', () => {
    // Prepare
    const journey = fixtureWith((step) =>
      step.id === 'unopened-wait-noon' && step.kind === 'wait'
        ? { ...step, until: { date: 'sale_start', offset: '1d', time: '12:00' } }
        : step,
    );

    // Act & Assess
    expect(orderViolations(journey)).toEqual([]);
  });

  it('counts whole checks: a 1d timeout checked every 7h takes the timeout path after 28h', () => {
    // Prepare
    const journey = fixtureWith((step) => {
      if (step.id === 'wait-for-open' && step.kind === 'wait_for') return { ...step, check_every: '7h' };
      if (step.id === 'unopened-wait-noon' && step.kind === 'wait')
        return { ...step, until: { date: 'sale_start', offset: '1d', time: '12:00' } };
      return step;
    });

    // Act
    const violations = orderViolations(journey).filter((violation) => violation.path === 'steps[3].until');

    // Assess
    expect(violations.map((violation) => violation.message)).toEqual([
      expect.stringContaining('earliest arrival 2026-06-19 13:00'),
    ]);
  });
});
