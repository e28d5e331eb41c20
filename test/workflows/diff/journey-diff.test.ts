import { describe, expect, test } from 'vitest';
import { diffText } from '../../../workflows/diff/diff-text.ts';
import { diffJourneys } from '../../../workflows/diff/journey-diff.ts';
import { Journey, type JourneyInput } from '../../../workflows/schema/index.ts';
import { parseFile } from '../../../workflows/workspace/parse-file.ts';

const EDIT = 'test/fixtures/workspaces/journey-edit';
const versionOf = (side: 'before' | 'after'): Journey => {
  const parsed = parseFile(`${EDIT}/${side}/journeys/order-thanks.journey.yaml`, Journey);
  if (!parsed.value) throw new Error(`the ${side} fixture is not a journey`);
  return parsed.value;
};

/** A cart journey: remind, wait a day, send a coupon, and its edits. */
function cart(overrides: Partial<JourneyInput> = {}, steps?: JourneyInput['steps']): Journey {
  return Journey.parse({
    id: 'cart',
    name: 'Cart',
    description: 'Reminds, then sends a coupon.',
    version: 3,
    trigger: { kind: 'event', event: 'add_to_cart' },
    steps: steps ?? [
      { id: 'remind', kind: 'send', channel: 'push', template: 'reminder' },
      { id: 'wait-1d', kind: 'wait', duration: '1d' },
      { id: 'coupon', kind: 'send', channel: 'email', template: 'coupon' },
    ],
    ...overrides,
  });
}

describe('diffJourneys', () => {
  test('names the removed, added and re-linked steps, and that customers waiting before them finish on the old version', () => {
    // Act
    const diff = diffJourneys(versionOf('before'), versionOf('after'));

    // Assess
    expect(diff.versions).toEqual({ old: 1, new: 2 });
    expect(diff.steps).toEqual([
      { change: 'removed', step: 'coupon', kind: 'send' },
      { change: 'removed', step: 'thanks', kind: 'send' },
      {
        change: 'changed',
        step: 'wait-for-order',
        kind: 'wait_for',
        settings: [],
        links: [
          { label: 'event', from: 'thanks', to: 'cheers' },
          { label: 'timeout', from: 'coupon', to: 'done' },
        ],
      },
      { change: 'added', step: 'cheers', kind: 'send' },
    ]);
    expect(diff.waiting).toEqual([
      { at: 'wait-for-order', removedAhead: ['coupon', 'thanks'], changedAhead: ['wait-for-order'] },
    ]);
    expect(diff.newOnly).toEqual(['cheers']);
    expect(diff.settings).toEqual([
      { setting: 'description', from: expect.any(String), to: expect.any(String), reach: 'labels' },
    ]);
    expect(diff.warnings).toEqual([]);
  });

  test('a removed last step re-links the step before it to the end; those waiting still get it', () => {
    // Prepare
    const edited = cart({ version: 4 }, cart().steps.slice(0, 2));

    // Act
    const diff = diffJourneys(cart(), edited);

    // Assess
    expect(diff.steps).toEqual([
      { change: 'removed', step: 'coupon', kind: 'send' },
      {
        change: 'changed',
        step: 'wait-1d',
        kind: 'wait',
        settings: [],
        links: [{ label: 'next', from: 'coupon', to: '$end' }],
      },
    ]);
    expect(diffText(diff)).toContain(
      '- waiting at `wait-1d`: they finish on version 3, so they still get `coupon`, which version 4 removes',
    );
    expect(diffText(diff)).toContain('- new entrants start on version 4, without `coupon`');
  });

  test('changed settings and kinds are named with their old and new values', () => {
    // Prepare
    const [remind, wait] = cart().steps;
    const edited = cart({ version: 4 }, [
      remind as JourneyInput['steps'][number],
      { ...(wait as object), duration: '2d' } as JourneyInput['steps'][number],
      { id: 'coupon', kind: 'grant', offer: 'flash-pass' },
    ]);

    // Act
    const diff = diffJourneys(cart(), edited);
    const text = diffText(diff);

    // Assess
    expect(diff.steps).toEqual([
      {
        change: 'changed',
        step: 'wait-1d',
        kind: 'wait',
        settings: [{ setting: 'duration', from: '1d', to: '2d' }],
        links: [],
      },
      expect.objectContaining({ change: 'changed', step: 'coupon', kind: 'grant', kindWas: 'send' }),
    ]);
    expect(text).toContain('- `wait-1d` (wait): `duration` 1d → 2d');
    expect(text).toContain('- `coupon` (grant): was a send step; `channel` removed; `template` removed;');
    expect(text).toContain(
      '- waiting at `wait-1d`: they finish on version 3, so they go through `wait-1d` and `coupon` as version 3 has them',
    );
  });

  test('journey-wide settings say whom they reach: limits every version at once, the goal new entrants only', () => {
    // Prepare: limits are whatever the schema allows there; the diff compares them as data
    const edited = {
      ...cart({ version: 4, goal: { event: 'purchase', within: '3d' } }),
      limits: { messages_per_day: 1 },
    } as Journey;

    // Act
    const diff = diffJourneys(cart(), edited);

    // Assess
    expect(diff.settings.map(({ setting, reach }) => [setting, reach])).toEqual([
      ['goal', 'new-entrants'],
      ['limits', 'everyone'],
    ]);
    expect(diffText(diff)).toContain(
      '- `limits` set: for the customers of every version at once (read as each message is sent)',
    );
  });

  test('the same journey is unchanged; a change under the same version number is warned about', () => {
    // Act
    const same = diffJourneys(cart(), cart());
    const unnumbered = diffJourneys(cart(), cart({ holdout: 10 }));

    // Assess
    expect(same.unchanged).toBe(true);
    expect(diffText(same)).toBe(
      'cart: version 3 → version 3\nNo change: a deploy publishes no new version.\n',
    );
    expect(unnumbered.unchanged).toBe(false);
    expect(unnumbered.warnings).toEqual([
      'both say version 3: raise `version` so that runs and reports tell them apart',
    ]);
  });

  test('two different journeys are refused', () => {
    expect(() => diffJourneys(cart(), cart({ id: 'other' }))).toThrow(
      'these are two journeys, "cart" and "other": compare versions of one',
    );
  });
});
