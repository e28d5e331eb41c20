import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileJourney } from '../../../workflows/compiler/compile.ts';
import { aslProblems } from '../../../workflows/compiler/validate-asl.ts';
import { journeyViolations } from '../../../workflows/rules/index.ts';
import { Journey, type JourneyInput } from '../../../workflows/schema/index.ts';

/** Random journeys built from every step kind; the valid ones must compile to valid ASL. */
const stepKindArbitrary = fc.constantFrom(
  'wait',
  'wait_until',
  'wait_for',
  'branch',
  'split',
  'send',
  'grant',
  'update',
  'exit',
);

function generatedJourney(kinds: string[], jumps: number[]): JourneyInput {
  const ids = kinds.map((_, index) => `s${index}`);
  const target = (index: number, offset: number) =>
    ids[Math.min(ids.length - 1, index + 1 + (offset % Math.max(1, ids.length - index - 1)))] ?? 's0';
  const steps = kinds.map((kind, index) => {
    const id = ids[index] as string;
    const jump = jumps[index % jumps.length] ?? 0;
    switch (kind) {
      case 'wait':
        return { id, kind: 'wait', duration: `${1 + (jump % 48)}h` };
      case 'wait_until':
        return { id, kind: 'wait', until: { date: 'sale_start', offset: `+${index}d` } };
      case 'wait_for':
        return {
          id,
          kind: 'wait_for',
          event: 'purchase',
          timeout: '2d',
          check_every: '1h',
          on_event: target(index, jump),
        };
      case 'branch':
        return {
          id,
          kind: 'branch',
          cases: [{ when: { tier: ['H'] }, next: target(index, jump) }],
          default: target(index, jump + 1),
        };
      case 'split':
        return {
          id,
          kind: 'split',
          variants: [
            { name: 'a', weight: 30, next: target(index, jump) },
            { name: 'b', weight: 70, next: target(index, 0) },
          ],
        };
      case 'send':
        return { id, kind: 'send', channel: 'sms', template: 'hello' };
      case 'grant':
        return { id, kind: 'grant', offer: 'gift', once_per_customer: true };
      case 'update':
        return { id, kind: 'update', add_tags: ['touched'] };
      default:
        return { id, kind: 'exit' };
    }
  });
  return {
    id: 'generated',
    name: 'Generated',
    description: 'A generated journey',
    version: 1,
    campaign: { timezone: 'Asia/Shanghai', dates: { sale_start: '2027-06-18T00:00' } },
    trigger: { kind: 'event', event: 'add_to_cart' },
    goal: { event: 'purchase', within: '7d' },
    holdout: 5,
    steps: steps as JourneyInput['steps'],
  };
}

describe('compiling generated journeys', () => {
  const catalog = {
    offers: new Map([
      [
        'gift',
        {
          id: 'gift',
          name: 'Gift',
          kind: 'coupon' as const,
          amount: 10,
          min_spend: 0,
          currency: 'CNY',
          expires_after: '7d',
          first_order_only: false,
        },
      ],
    ]),
    templates: new Map([['hello', { id: 'hello', channel: 'sms' as const, body: 'Hello' }]]),
    journeyIds: new Set<string>(),
  };

  test('every valid generated journey compiles, in both map modes, to ASL that passes asl-validator', () => {
    // Act & Assess: each generated journey that the rules accept
    let valid = 0;
    fc.assert(
      fc.property(
        fc.array(stepKindArbitrary, { minLength: 1, maxLength: 9 }),
        fc.array(fc.nat(20), { minLength: 1, maxLength: 9 }),
        (kinds, jumps) => {
          const journey = Journey.parse(generatedJourney(kinds, jumps));
          if (journeyViolations(journey, catalog).length > 0) return;
          valid += 1;
          expect(aslProblems(compileJourney(journey))).toEqual([]);
          expect(aslProblems(compileJourney(journey, { mapMode: 'distributed' }))).toEqual([]);
        },
      ),
      { numRuns: 60, seed: 618 },
    );
    // Assess: enough of them were accepted for the property to say something
    expect(valid).toBeGreaterThan(10);
  });
});
