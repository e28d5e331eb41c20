import { Journey, type JourneyInput } from '../../workflows/schema/index.ts';

/** A valid event journey with the given steps, parsed so defaults are filled in as the rules see them. */
export function journeyWith(steps: JourneyInput['steps']): Journey {
  return Journey.parse({
    id: 'graph-test',
    name: 'Graph test',
    description: 'A journey for graph tests.',
    version: 1,
    trigger: { kind: 'event', event: 'add_to_cart' },
    steps,
  });
}
