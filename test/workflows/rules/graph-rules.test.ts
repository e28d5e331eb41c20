import { describe, expect, it } from 'vitest';
import { graphViolations } from '../../../workflows/rules/graph-rules.ts';
import type { Journey } from '../../../workflows/schema/index.ts';
import { journeyWith } from '../../support/journey-with.ts';

const waitForOrder = {
  id: 'wait-for-order',
  kind: 'wait_for',
  event: 'purchase',
  timeout: '1d',
  on_event: 'done',
  on_timeout: 'send-reminder',
} as const;
const reminder = { id: 'send-reminder', kind: 'send', channel: 'email', template: 'cart-email' } as const;
const codes = (journey: Journey) => graphViolations(journey).map((violation) => violation.code);

describe('graph.wait_for_in_loop', () => {
  it('accepts a loop back to a wait_for through a branch: the branch gives the cohort a new id', () => {
    // Prepare
    const journey = journeyWith([
      waitForOrder,
      { ...reminder, next: 'still-carting' },
      {
        id: 'still-carting',
        kind: 'branch',
        cases: [{ when: { event: 'add_to_cart', since: 'entry' }, next: 'wait-for-order' }],
        default: 'done',
      },
      { id: 'done', kind: 'exit' },
    ]);

    // Act & Assess
    expect(codes(journey)).toEqual([]);
  });

  it('accepts an on_event path that comes back: the customers who did the event start under a new id', () => {
    // Prepare
    const journey = journeyWith([
      { ...waitForOrder, on_event: 'thank', on_timeout: 'done' },
      { id: 'thank', kind: 'send', channel: 'email', template: 'cart-email', next: 'wait-again' },
      { id: 'wait-again', kind: 'wait', duration: '1d', next: 'wait-for-order' },
      { id: 'done', kind: 'exit' },
    ]);

    // Act & Assess
    expect(codes(journey)).toEqual([]);
  });

  it('refuses a timeout path that leads back through a wait and a send, and points at the wait_for', () => {
    // Prepare
    const journey = journeyWith([
      waitForOrder,
      { ...reminder, next: 'pause' },
      { id: 'pause', kind: 'wait', duration: '1d', next: 'wait-for-order' },
      { id: 'done', kind: 'exit' },
    ]);

    // Act
    const violations = graphViolations(journey);

    // Assess
    expect(violations).toEqual([
      expect.objectContaining({ code: 'graph.wait_for_in_loop', path: ['steps', 0] }),
    ]);
  });
});
