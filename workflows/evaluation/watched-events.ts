import type { Condition, Journey } from '../schema/index.ts';

/**
 * The events a journey needs to hear about while a customer is in it: its goal, its wait_for
 * events and the "since entry" event conditions of its branches. Ingest files signals for these.
 */
export function watchedEvents(journey: Journey): Set<string> {
  const events = new Set<string>();
  if (journey.goal) events.add(journey.goal.event);
  for (const step of journey.steps) {
    if (step.kind === 'wait_for') events.add(step.event);
    if (step.kind === 'branch') for (const branchCase of step.cases) collectEvents(branchCase.when, events);
  }
  return events;
}

function collectEvents(condition: Condition, into: Set<string>): void {
  if ('and' in condition || 'or' in condition) {
    for (const part of 'and' in condition ? condition.and : condition.or) collectEvents(part, into);
  } else if ('not' in condition) collectEvents(condition.not, into);
  else if ('event' in condition) into.add(condition.event);
}
