import { describe, expect, it } from 'vitest';
import { audienceViolations } from '../../../workflows/rules/audience-rules.ts';
import { type Condition, Journey } from '../../../workflows/schema/index.ts';

function scheduled(segment?: Condition): Journey {
  return Journey.parse({
    id: 'retouch',
    name: 'Retouch',
    description: 'Second touch.',
    version: 1,
    trigger: {
      kind: 'schedule',
      at: '2027-06-21T10:00',
      timezone: 'Asia/Shanghai',
      audience: segment ? { segment } : { from_run: { journey: 'preheat-618' } },
    },
    steps: [{ id: 'done', kind: 'exit' }],
  });
}

describe('audienceViolations', () => {
  it('reports an event since entry in a schedule audience at its since', () => {
    expect(audienceViolations(scheduled({ event: 'purchase', since: 'entry' }))).toEqual([
      {
        code: 'audience.since_entry',
        path: ['trigger', 'audience', 'segment', 'since'],
        message:
          'an audience is chosen before customers enter, so "since: entry" has nothing to count from; use "within: <duration>"',
      },
    ]);
  });

  it('finds since entry under and, or and not, at the path of each', () => {
    // Prepare
    const segment: Condition = {
      or: [
        { and: [{ tier: ['H'] }, { event: 'purchase', since: 'entry' }] },
        { not: { not: { event: 'add_to_cart', since: 'entry' } } },
      ],
    };

    // Act
    const violations = audienceViolations(scheduled(segment));

    // Assess
    expect(violations.map((violation) => violation.path)).toEqual([
      ['trigger', 'audience', 'segment', 'or', 0, 'and', 1, 'since'],
      ['trigger', 'audience', 'segment', 'or', 1, 'not', 'not', 'since'],
    ]);
    for (const violation of violations) expect(violation.code).toBe('audience.since_entry');
  });

  it.each<[string, Condition]>([
    ['an event within a duration', { event: 'purchase', within: '7d' }],
    ['a tier', { tier: ['H', 'E'] }],
    ['an attribute', { attribute: 'totalSpend', op: 'gte', value: 500 }],
    [
      'a combination without since entry',
      { and: [{ tier: ['H'] }, { not: { event: 'purchase', within: '1d' } }] },
    ],
  ])('accepts an audience of %s', (_name, segment) => {
    expect(audienceViolations(scheduled(segment))).toEqual([]);
  });

  it('accepts a schedule audience taken from a run, with no segment', () => {
    expect(audienceViolations(scheduled())).toEqual([]);
  });

  it('leaves event-triggered journeys alone: there since entry counts from each entry', () => {
    const journey = Journey.parse({
      id: 'cart-nudge',
      name: 'Cart nudge',
      description: 'Nudges carts left behind.',
      version: 1,
      trigger: { kind: 'event', event: 'add_to_cart' },
      steps: [
        {
          id: 'route',
          kind: 'branch',
          cases: [{ when: { event: 'purchase', since: 'entry' }, next: 'done' }],
          default: 'done',
        },
        { id: 'done', kind: 'exit' },
      ],
    });
    expect(audienceViolations(journey)).toEqual([]);
  });
});
