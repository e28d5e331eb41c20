import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { END, journeyGraph, reachableFrom, stepEdges } from '../../../workflows/language/journey-graph.ts';
import { journeyWith } from '../../support/journey-with.ts';

const exit = (id: string) => ({ id, kind: 'exit' as const });

describe('stepEdges', () => {
  it.each([
    { id: 'wait', kind: 'wait' as const, duration: '1h' },
    { id: 'send', kind: 'send' as const, channel: 'sms' as const, template: 'cart-reminder' },
    { id: 'grant', kind: 'grant' as const, offer: 'cart-coupon-15' },
    { id: 'update', kind: 'update' as const, add_tags: ['nudged'] },
  ])('links a $kind step without "next" to the following step, written at its id', (step) => {
    const journey = journeyWith([step, exit('done')]);
    expect(stepEdges(journey, 0)).toEqual([
      { from: step.id, to: 'done', label: 'next', path: ['steps', 0, 'id'] },
    ]);
  });

  it('links a step with "next" to that step, written at "next"', () => {
    const journey = journeyWith([
      { id: 'send', kind: 'send', channel: 'push', template: 't', next: 'done' },
      exit('skipped'),
      exit('done'),
    ]);
    expect(stepEdges(journey, 0)).toEqual([
      { from: 'send', to: 'done', label: 'next', path: ['steps', 0, 'next'] },
    ]);
  });

  it('links the last step without "next" to the end', () => {
    const journey = journeyWith([exit('done'), { id: 'last', kind: 'wait', duration: '1d' }]);
    expect(stepEdges(journey, 1)).toEqual([
      { from: 'last', to: END, label: 'next', path: ['steps', 1, 'id'] },
    ]);
  });

  it('gives a wait_for step an event edge and a timeout edge to the following step by default', () => {
    const journey = journeyWith([
      { id: 'wait-purchase', kind: 'wait_for', event: 'purchase', timeout: '1d', on_event: 'thank' },
      exit('remind'),
      exit('thank'),
    ]);
    expect(stepEdges(journey, 0)).toEqual([
      { from: 'wait-purchase', to: 'thank', label: 'event', path: ['steps', 0, 'on_event'] },
      { from: 'wait-purchase', to: 'remind', label: 'timeout', path: ['steps', 0, 'id'] },
    ]);
  });

  it('uses "on_timeout" of a wait_for step when given', () => {
    const journey = journeyWith([
      {
        id: 'wait-purchase',
        kind: 'wait_for',
        event: 'purchase',
        timeout: '1d',
        on_event: 'thank',
        on_timeout: 'remind',
      },
      exit('thank'),
      exit('remind'),
    ]);
    expect(stepEdges(journey, 0)[1]).toEqual({
      from: 'wait-purchase',
      to: 'remind',
      label: 'timeout',
      path: ['steps', 0, 'on_timeout'],
    });
  });

  it('gives a branch one edge per case, in order, and a default edge', () => {
    const journey = journeyWith([
      {
        id: 'route',
        kind: 'branch',
        cases: [
          { when: { tier: ['H'] }, next: 'vip' },
          { when: { tier: ['E'] }, next: 'member' },
        ],
        default: 'other',
      },
      exit('vip'),
      exit('member'),
      exit('other'),
    ]);
    expect(stepEdges(journey, 0)).toEqual([
      { from: 'route', to: 'vip', label: 'case-0', path: ['steps', 0, 'cases', 0, 'next'] },
      { from: 'route', to: 'member', label: 'case-1', path: ['steps', 0, 'cases', 1, 'next'] },
      { from: 'route', to: 'other', label: 'default', path: ['steps', 0, 'default'] },
    ]);
  });

  it('labels the edges of a split by variant name', () => {
    const journey = journeyWith([
      {
        id: 'ab',
        kind: 'split',
        variants: [
          { name: 'control', weight: 50, next: 'a' },
          { name: 'coupon', weight: 50, next: 'b' },
        ],
      },
      exit('a'),
      exit('b'),
    ]);
    expect(stepEdges(journey, 0)).toEqual([
      { from: 'ab', to: 'a', label: 'control', path: ['steps', 0, 'variants', 0, 'next'] },
      { from: 'ab', to: 'b', label: 'coupon', path: ['steps', 0, 'variants', 1, 'next'] },
    ]);
  });

  it('gives an exit step no edges, even when steps follow it', () => {
    const journey = journeyWith([exit('done'), exit('after')]);
    expect(stepEdges(journey, 0)).toEqual([]);
  });
});

describe('journeyGraph', () => {
  const journey = journeyWith([
    {
      id: 'route',
      kind: 'branch',
      cases: [
        { when: { tier: ['H'] }, next: 'send' },
        { when: { tier: ['E'] }, next: 'send' },
      ],
      default: 'missing-step',
    },
    { id: 'send', kind: 'send', channel: 'email', template: 't' },
    { id: 'wait', kind: 'wait', duration: '1d' },
    exit('orphan'),
    { id: 'send', kind: 'send', channel: 'sms', template: 'u', next: 'orphan' },
  ]);
  const graph = journeyGraph(journey);

  it('enters at the first step', () => {
    expect(graph.entry).toBe('route');
  });

  it('keeps every edge of every step, including links to unknown steps', () => {
    expect(graph.edges.map((edge) => `${edge.from}->${edge.to}`)).toEqual([
      'route->send',
      'route->send',
      'route->missing-step',
      'send->wait',
      'wait->orphan',
      'send->orphan',
    ]);
  });

  it('indexes each step id by its first definition', () => {
    expect([...graph.indexOf]).toEqual([
      ['route', 0],
      ['send', 1],
      ['wait', 2],
      ['orphan', 3],
    ]);
  });

  it('lists successors once each, leaving out unknown steps', () => {
    expect(graph.successors('route')).toEqual(['send']);
  });

  it('merges the successors of steps that share an id', () => {
    expect(graph.successors('send')).toEqual(['wait', 'orphan']);
  });

  it('gives no successors to an exit or an unknown id', () => {
    expect(graph.successors('orphan')).toEqual([]);
    expect(graph.successors('nowhere')).toEqual([]);
  });

  it('keeps the end as a successor', () => {
    const linear = journeyGraph(journeyWith([{ id: 'wait', kind: 'wait', duration: '1d' }]));
    expect(linear.successors('wait')).toEqual([END]);
  });
});

describe('reachableFrom', () => {
  const edges: Record<string, string[]> = { a: ['b'], b: ['c', 'a'], c: [], d: ['a'] };
  const successors = (id: string) => edges[id] ?? [];

  it('includes the starts and everything they lead to, through cycles', () => {
    expect([...reachableFrom(['a'], successors)].sort()).toEqual(['a', 'b', 'c']);
  });

  it('includes a start that has no successors', () => {
    expect([...reachableFrom(['z'], successors)]).toEqual(['z']);
  });

  it('returns nothing from no starts', () => {
    expect(reachableFrom([], successors).size).toBe(0);
  });

  it('finds in a journey the steps no path reaches from the entry', () => {
    // Prepare
    const graph = journeyGraph(
      journeyWith([
        { id: 'send', kind: 'send', channel: 'sms', template: 't', next: 'done' },
        exit('never-reached'),
        exit('done'),
      ]),
    );

    // Act
    const reached = reachableFrom([graph.entry], graph.successors);

    // Assess
    expect([...graph.indexOf.keys()].filter((id) => !reached.has(id))).toEqual(['never-reached']);
  });

  it('agrees with the transitive closure of any graph', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e', 'f'];
    const node = fc.constantFrom(...nodes);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(node, node), { maxLength: 15 }),
        fc.uniqueArray(node, { maxLength: 3 }),
        (pairs, starts) => {
          // Prepare: the closure by repeating "add every successor" until nothing changes.
          const successorsOf = (id: string) => pairs.filter(([from]) => from === id).map(([, to]) => to);
          const expected = new Set(starts);
          for (let changed = true; changed; ) {
            changed = false;
            for (const [from, to] of pairs) {
              if (expected.has(from) && !expected.has(to)) {
                expected.add(to);
                changed = true;
              }
            }
          }

          // Act
          const reached = reachableFrom(starts, successorsOf);

          // Assess
          expect([...reached].sort()).toEqual([...expected].sort());
        },
      ),
    );
  });
});
